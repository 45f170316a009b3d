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
} frame;

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

int32_t ra_fast_dump(TSTree *t, ra_node *out, uint32_t cap) {
#ifdef RA_NO_FAST_DUMP
	(void)t, (void)out, (void)cap;
	return -1; // the inline leaf layout above is the little-endian one
#else
	const TSTreeInternal *tree = (const TSTreeInternal *)t;
	const TSLanguageInternal *l = tree->language;
	Subtree root = tree->root;
	if (cap < 1) return -1;
	Length start = ts_internal_padding(root);
	write_node(&out[0], l, root, 0, 0, start);
	out[0].parent = -1;
	if (ts_internal_child_count(root) == 0) return 1;

	uint32_t stack_cap = 64, depth = 0;
	frame *stack = malloc(stack_cap * sizeof *stack);
	uint32_t n = 1;
	open(&stack[0], l, root, start);
	stack[0].node = 0;
	stack[0].vis_frame = 0;
	for (;;) {
		frame *f = &stack[depth];
		if (f->i == f->child_count) {
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
		if (visible) {
			if (n >= cap) {
				free(stack);
				return -1;
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
			if (cc == 0) continue;
		} else if (cc == 0 || c.ptr->visible_child_count == 0) {
			continue;
		}
		if (depth + 1 >= stack_cap) {
			stack_cap *= 2;
			stack = realloc(stack, stack_cap * sizeof *stack);
		}
		uint32_t parent_frame = depth;
		frame *g = &stack[++depth];
		open(g, l, c, cstart);
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
	return (int32_t)n;
#endif
}
