// ra_fast_dump flattens a tree like ra_dump, but reads tree-sitter's subtrees directly
// instead of going through TSTreeCursor: the cursor re-creates a child iterator and looks the
// alias sequence and field map up again at every step, and every ts_node_* accessor decodes
// the node anew, which made flattening cost about a quarter of the parse itself.
//
// It depends on tree-sitter's internal layout (tsinternal.h, restated from the versions that
// go.mod pins; tests check both the versions and the layout). Before its first use,
// fastdump.go checks the grammar's ABI and compares this walk with the cursor walk on a
// sample, and falls back to ra_dump when either differs or RUSTAUDIT_SLOW_WALK=1 asks for it.
#include <stdlib.h>
#include <string.h>
#include "native.h"
#include "tsinternal.h"

extern uint16_t *ra_kind_map;
extern uint8_t *ra_named_map;
extern uint32_t ra_kind_count;

typedef struct {
	const Subtree *children;
	uint32_t child_count, i;
	uint32_t structural; // structural index of the next child (extras do not count)
	Length pos;          // start of the next child, after its padding
	const TSSymbol *aliases;
	const TSFieldMapEntry *fields, *fields_end;
	int32_t node;        // output index of this subtree, or -1 when it is hidden
	uint32_t vis_frame;  // frame of the nearest visible ancestor (itself when visible)
	int32_t last_child;  // visible frames: last child written
	TSFieldId inherited; // hidden frames: the field its visible descendants inherit
	bool owned;          // consuming: this frame's subtree is freed when it is done
} frame;

// Consuming (ra_fast_dump's consume): the walk frees each subtree once it is done with it,
// as ts_tree_delete would (subtree.c's ts_subtree_release: a subtree is freed when its
// reference count drops to 0; an inner node's children array and its SubtreeHeapData are
// one block that starts at the array; a leaf's external scanner state may have a block of
// its own), so that the tree's memory is handed back while the flattened nodes are written:
// a big file no longer holds both at once. Blocks go back through tree-sitter's allocator.
// The tree is unusable afterwards (its root is gone): only ts_tree_delete may follow, so a
// tree that is kept (an old tree for an incremental parse, nodes read after the flatten)
// must be flattened with consume off. parse (native.go) deletes each tree right after.
typedef struct {
	const SubtreeHeapData **stack;
	uint32_t len, cap;
	size_t freed, trim_bytes; // bytes freed since the last malloc_trim; trim after that many (0: never)
} releaser;

void ra_trim(void);

static inline void freed(releaser *r, size_t bytes) {
	r->freed += bytes;
	if (r->trim_bytes && r->freed >= r->trim_bytes) {
		ra_trim();
		r->freed = 0;
	}
}

// unref drops a reference to s and reports whether that was the last. Atomically, as
// ts_subtree_release does (atomic_dec): a copy of the tree (ts_tree_copy) may share these
// subtrees with another thread.
static inline bool unref(Subtree s) {
	SubtreeHeapData *h = (SubtreeHeapData *)s.ptr;
	return __atomic_sub_fetch(&h->ref_count, 1, __ATOMIC_SEQ_CST) == 0;
}

// free_node frees the blocks of a subtree whose last reference is gone (not its children).
static inline void free_node(releaser *r, const SubtreeHeapData *h) {
	uint32_t cc = h->child_count; // read before the block is gone
	if (cc > 0) {
		ts_current_free((void *)((const Subtree *)h - cc));
		freed(r, sizeof *h + cc * sizeof(Subtree));
		return;
	}
	if (h->has_external_tokens && h->external_scanner_state.length > sizeof h->external_scanner_state.short_data) {
		ts_current_free(h->external_scanner_state.long_data);
	}
	ts_current_free((void *)h);
	freed(r, sizeof *h);
}

// release drops a reference to s and frees what nothing else holds, as ts_subtree_release.
static void release(releaser *r, Subtree s) {
	if (s.data.is_inline || !unref(s)) return;
	r->len = 0;
	r->stack[r->len++] = s.ptr;
	while (r->len > 0) {
		const SubtreeHeapData *h = r->stack[--r->len];
		const Subtree *children = (const Subtree *)h - h->child_count;
		for (uint32_t i = 0; i < h->child_count; i++) {
			Subtree c = children[i];
			if (c.data.is_inline || !unref(c)) continue;
			if (r->len == r->cap) {
				r->cap *= 2;
				r->stack = realloc(r->stack, r->cap * sizeof *r->stack);
			}
			r->stack[r->len++] = c.ptr;
		}
		free_node(r, h);
	}
}

// done is called when the walk leaves frame f: its children from f->i on are released
// unvisited (only when the walk stops early), then its own blocks.
static void done(releaser *r, frame *f) {
	if (!f->owned) return;
	for (uint32_t i = f->i; i < f->child_count; i++) release(r, f->children[i]);
	free_node(r, (const SubtreeHeapData *)(f->children + f->child_count));
}

static inline Length len_add(Length a, Length b) {
	Length r;
	r.bytes = a.bytes + b.bytes;
	if (b.extent.row > 0) {
		r.extent.row = a.extent.row + b.extent.row;
		r.extent.column = b.extent.column;
	} else {
		r.extent.row = a.extent.row;
		r.extent.column = a.extent.column + b.extent.column;
	}
	return r;
}

static inline TSSymbol public_symbol(const TSLanguageInternal *l, TSSymbol s) {
	return s == TS_BUILTIN_SYM_ERROR ? s : l->public_symbol_map[s];
}

// open makes the frame that iterates the children of s, which starts at pos.
static inline void open(frame *f, const TSLanguageInternal *l, Subtree s, Length pos) {
	const SubtreeHeapData *h = s.ptr;
	f->children = ts_internal_children(s);
	f->child_count = h->child_count;
	f->i = 0;
	f->structural = 0;
	f->pos = pos;
	f->aliases = h->production_id ? &l->alias_sequences[h->production_id * l->max_alias_sequence_length] : NULL;
	if (l->field_count > 0) {
		TSMapSlice sl = l->field_map_slices[h->production_id];
		f->fields = &l->field_map_entries[sl.index];
		f->fields_end = f->fields + sl.length;
	} else {
		f->fields = f->fields_end = NULL;
	}
	f->last_child = -1;
	f->inherited = 0;
}

static inline void write_node(ra_node *r, const TSLanguageInternal *l, Subtree s, TSSymbol alias, TSFieldId field, Length start) {
	TSSymbol sym = public_symbol(l, alias ? alias : ts_internal_symbol(s));
	uint16_t flags = 0;
	if (sym < ra_kind_count) {
		r->kind = ra_kind_map[sym];
		if (ra_named_map[sym]) flags |= RA_NAMED;
	} else {
		r->kind = sym; // ERROR
		flags |= RA_NAMED | RA_ERROR;
	}
	if (ts_internal_missing(s)) flags |= RA_MISSING;
	if (ts_internal_extra(s)) flags |= RA_EXTRA;
	r->field = field;
	r->flags = flags;
	r->pad = 0;
	Length size = ts_internal_size(s);
	Length end = len_add(start, size);
	r->start_byte = start.bytes;
	r->end_byte = end.bytes;
	r->start_row = start.extent.row;
	r->start_col = start.extent.column;
	r->end_row = end.extent.row;
	r->end_col = end.extent.column;
	r->first_child = -1;
	r->next_sibling = -1;
	r->child_count = 0;
}

int32_t ra_fast_dump(TSTree *t, ra_node *out, uint32_t cap, int32_t consume, uint64_t trim_bytes) {
#ifdef RA_NO_FAST_DUMP
	(void)t, (void)out, (void)cap, (void)consume, (void)trim_bytes;
	return -1; // the inline leaf layout above is the little-endian one
#else
	TSTreeInternal *tree = (TSTreeInternal *)t;
	const TSLanguageInternal *l = tree->language;
	Subtree root = tree->root;
	releaser rel = {NULL, 0, 0, 0, trim_bytes};
	if (consume) {
		// ts_tree_delete must find nothing left to free: an inline subtree is never freed.
		memset(&tree->root, 0, sizeof tree->root);
		tree->root.data.is_inline = true;
		rel.cap = 64;
		rel.stack = malloc(rel.cap * sizeof *rel.stack);
	}
	int32_t result;
	if (cap < 1) {
		result = -1;
		if (consume) release(&rel, root);
		goto out;
	}
	Length start = ts_internal_padding(root);
	write_node(&out[0], l, root, 0, 0, start);
	out[0].parent = -1;
	if (ts_internal_child_count(root) == 0) {
		result = 1;
		if (consume) release(&rel, root);
		goto out;
	}

	uint32_t stack_cap = 64, depth = 0;
	frame *stack = malloc(stack_cap * sizeof *stack);
	uint32_t n = 1;
	open(&stack[0], l, root, start);
	stack[0].node = 0;
	stack[0].vis_frame = 0;
	stack[0].owned = consume && unref(root);
	result = 0;
	for (;;) {
		frame *f = &stack[depth];
		if (f->i == f->child_count) {
			if (consume) done(&rel, f);
			if (depth == 0) break;
			depth--;
			continue;
		}
		Subtree c = f->children[f->i];
		Length cstart = f->pos;
		f->pos = len_add(cstart, ts_internal_size(c));
		f->i++;
		if (f->i < f->child_count) f->pos = len_add(f->pos, ts_internal_padding(f->children[f->i]));

		bool extra = ts_internal_extra(c);
		bool visible = ts_internal_visible(c);
		TSSymbol alias = 0;
		TSFieldId field = 0;
		if (!extra) {
			if (f->aliases) alias = f->aliases[f->structural];
			visible |= alias != 0;
			for (const TSFieldMapEntry *m = f->fields; m < f->fields_end; m++) {
				if (!m->inherited && m->child_index == f->structural) {
					field = m->field_id;
					break;
				}
			}
			if (field == 0 && f->node < 0) field = f->inherited;
			f->structural++;
		}
		uint32_t cc = ts_internal_child_count(c);
		bool opens = cc > 0 && (visible || c.ptr->visible_child_count > 0);
		if (visible) {
			if (n >= cap) {
				result = -1;
				if (consume) {
					if (f->owned) release(&rel, c);
					for (int32_t d = (int32_t)depth; d >= 0; d--) done(&rel, &stack[d]);
				}
				break;
			}
			frame *vf = &stack[f->vis_frame];
			ra_node *r = &out[n];
			write_node(r, l, c, alias, field, cstart);
			r->parent = vf->node;
			out[vf->node].child_count++;
			if (vf->last_child >= 0) out[vf->last_child].next_sibling = (int32_t)n;
			else out[vf->node].first_child = (int32_t)n;
			vf->last_child = (int32_t)n;
			n++;
		}
		if (!opens) {
			if (f->owned) release(&rel, c);
			continue;
		}
		if (depth + 1 >= stack_cap) {
			stack_cap *= 2;
			stack = realloc(stack, stack_cap * sizeof *stack);
		}
		uint32_t parent_frame = depth;
		bool owned = stack[parent_frame].owned && unref(c);
		frame *g = &stack[++depth];
		open(g, l, c, cstart);
		g->owned = owned;
		if (visible) {
			g->node = (int32_t)(n - 1);
			g->vis_frame = depth;
		} else {
			g->node = -1;
			g->vis_frame = stack[parent_frame].vis_frame;
			g->inherited = extra ? 0 : field;
		}
	}
	free(stack);
	if (result == 0) result = (int32_t)n;
out:
	free(rel.stack);
	return result;
#endif
}
