// Parsing and tree flattening done on the C side, so that a whole file costs a handful of
// Go-to-C crossings instead of one per node visited.
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include "native.h"

void ra_init(void) {
	// go-tree-sitter routes every allocation through Go callbacks by default; plain libc is
	// about 1.5x faster for parsing.
	ts_set_allocator(NULL, NULL, NULL, NULL);
}

// The grammar's symbols mapped to parser.Kind, and whether each is named: set once by
// ra_set_kinds, so that ra_dump needs no call into tree-sitter for either.
uint16_t *ra_kind_map;
uint8_t *ra_named_map;
uint32_t ra_kind_count;

void ra_set_kinds(const uint16_t *kinds, const uint8_t *named, uint32_t n) {
	ra_kind_map = malloc(n * sizeof *ra_kind_map);
	ra_named_map = malloc(n);
	memcpy(ra_kind_map, kinds, n * sizeof *ra_kind_map);
	memcpy(ra_named_map, named, n);
	ra_kind_count = n;
}

// ra_trim hands the C heap's free memory back to the system (glibc keeps what a big tree
// used, in each thread's arena, for later allocations).
void ra_trim(void) {
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}

// Counting allocation for tests: ra_count_ts_heap(1) makes tree-sitter allocate through
// wrappers that keep the bytes it holds; ra_count_ts_heap(0) goes back to libc and returns
// them (what was allocated meanwhile and not freed), or -1 where malloc_usable_size is
// missing. Tests check with it that the consuming walk frees the whole tree.
#ifdef __GLIBC__
static int64_t ra_live;
static void count(void *p, int64_t sign) {
	if (p) __atomic_add_fetch(&ra_live, sign * (int64_t)malloc_usable_size(p), __ATOMIC_RELAXED);
}
static void *count_malloc(size_t n) {
	void *p = malloc(n);
	count(p, 1);
	return p;
}
static void *count_calloc(size_t c, size_t n) {
	void *p = calloc(c, n);
	count(p, 1);
	return p;
}
static void *count_realloc(void *p, size_t n) {
	int64_t old = p ? (int64_t)malloc_usable_size(p) : 0;
	void *q = realloc(p, n);
	if (q || n == 0) {
		__atomic_sub_fetch(&ra_live, old, __ATOMIC_RELAXED);
		count(q, 1);
	}
	return q;
}
static void count_free(void *p) {
	count(p, -1);
	free(p);
}
#endif

int64_t ra_count_ts_heap(int32_t on) {
#ifdef __GLIBC__
	if (on) {
		ra_live = 0;
		ts_set_allocator(count_malloc, count_calloc, count_realloc, count_free);
		return 0;
	}
	ts_set_allocator(NULL, NULL, NULL, NULL);
	return __atomic_load_n(&ra_live, __ATOMIC_RELAXED);
#else
	(void)on;
	return -1;
#endif
}

TSParser *ra_parser_new(const TSLanguage *lang) {
	TSParser *p = ts_parser_new();
	if (!ts_parser_set_language(p, lang)) {
		ts_parser_delete(p);
		return NULL;
	}
	return p;
}

typedef struct {
	const char *src;
	uint32_t len;
	struct timespec deadline;
	int has_deadline;
	volatile int32_t *cancel;
	int32_t timed_out;
	int32_t stop_on_error; // give up once every parse version is recovering from an error
	int32_t errored;
} ra_input;

static const char *ra_read(void *payload, uint32_t byte, TSPoint pos, uint32_t *read) {
	(void)pos;
	ra_input *in = payload;
	if (byte >= in->len) {
		*read = 0;
		return "";
	}
	*read = in->len - byte;
	return in->src + byte;
}

static bool ra_progress(TSParseState *state) {
	ra_input *in = state->payload;
	if (in->stop_on_error && state->has_error) {
		// tree-sitter sets has_error only when no parse version is left without an error,
		// so the tree would hold an ERROR node: its recovery (the costly part) is skipped.
		in->errored = 1;
		return true;
	}
	if (in->cancel && *in->cancel) {
		in->timed_out = 1;
		return true;
	}
	if (in->has_deadline) {
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > in->deadline.tv_sec ||
		    (now.tv_sec == in->deadline.tv_sec && now.tv_nsec >= in->deadline.tv_nsec)) {
			in->timed_out = 1;
			return true;
		}
	}
	return false;
}

TSTree *ra_parse(TSParser *p, const char *src, uint32_t len, uint64_t budget_micros, volatile int32_t *cancel, int32_t stop_on_error, int32_t *status) {
	ra_input in;
	memset(&in, 0, sizeof in);
	in.src = src;
	in.len = len;
	in.cancel = cancel;
	in.stop_on_error = stop_on_error;
	if (budget_micros > 0) {
		clock_gettime(CLOCK_MONOTONIC, &in.deadline);
		in.deadline.tv_sec += (time_t)(budget_micros / 1000000);
		in.deadline.tv_nsec += (long)(budget_micros % 1000000) * 1000;
		if (in.deadline.tv_nsec >= 1000000000L) {
			in.deadline.tv_sec++;
			in.deadline.tv_nsec -= 1000000000L;
		}
		in.has_deadline = 1;
	}
	TSInput input = {&in, ra_read, TSInputEncodingUTF8, NULL};
	TSParseOptions opts = {&in, ra_progress};
	TSTree *t = ts_parser_parse_with_options(p, NULL, input, opts);
	*status = in.errored ? RA_PARSE_ERRORED : in.timed_out ? RA_PARSE_TIMED_OUT : RA_PARSE_OK;
	if (!t) ts_parser_reset(p);
	return t;
}

uint32_t ra_count(TSTree *t) {
	return ts_node_descendant_count(ts_tree_root_node(t));
}

// ra_has_error reports whether the tree holds an ERROR or MISSING node: tree-sitter keeps
// the error cost of every subtree, so the root answers for the whole tree.
int32_t ra_has_error(TSTree *t) {
	return ts_node_has_error(ts_tree_root_node(t));
}

// ra_dump writes the tree in preorder. It walks with a cursor and an explicit stack of
// indices, so nesting depth costs heap, never C stack. Returns the number of nodes written,
// or -1 when cap was too small.
int32_t ra_dump(TSTree *t, ra_node *out, uint32_t cap) {
	TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(t));
	uint32_t stack_cap = 256, depth = 0;
	int32_t *last_child = malloc(stack_cap * sizeof(int32_t)); // last child written at each depth
	int32_t *parents = malloc(stack_cap * sizeof(int32_t));
	uint32_t n = 0;
	int32_t result = 0;
	parents[0] = -1;
	last_child[0] = -1;
	for (;;) {
		if (n >= cap) {
			result = -1;
			break;
		}
		TSNode node = ts_tree_cursor_current_node(&c);
		ra_node *r = &out[n];
		TSSymbol sym = ts_node_symbol(node);
		r->field = ts_tree_cursor_current_field_id(&c);
		uint16_t flags = 0;
		if (sym < ra_kind_count) {
			r->kind = ra_kind_map[sym];
			if (ra_named_map[sym]) flags |= RA_NAMED;
		} else {
			r->kind = sym; // ERROR (65535)
			if (ts_node_is_named(node)) flags |= RA_NAMED;
			if (ts_node_is_error(node)) flags |= RA_ERROR;
		}
		if (ts_node_is_missing(node)) flags |= RA_MISSING;
		if (ts_node_is_extra(node)) flags |= RA_EXTRA;
		r->flags = flags;
		r->pad = 0;
		r->start_byte = ts_node_start_byte(node);
		r->end_byte = ts_node_end_byte(node);
		TSPoint sp = ts_node_start_point(node), ep = ts_node_end_point(node);
		r->start_row = sp.row;
		r->start_col = sp.column;
		r->end_row = ep.row;
		r->end_col = ep.column;
		r->parent = parents[depth];
		r->first_child = -1;
		r->next_sibling = -1;
		r->child_count = 0;
		if (r->parent >= 0) {
			out[r->parent].child_count++;
			if (last_child[depth] >= 0) out[last_child[depth]].next_sibling = (int32_t)n;
			else out[r->parent].first_child = (int32_t)n;
		}
		last_child[depth] = (int32_t)n;
		int32_t self = (int32_t)n;
		n++;
		if (ts_tree_cursor_goto_first_child(&c)) {
			depth++;
			if (depth >= stack_cap) {
				stack_cap *= 2;
				last_child = realloc(last_child, stack_cap * sizeof(int32_t));
				parents = realloc(parents, stack_cap * sizeof(int32_t));
			}
			parents[depth] = self;
			last_child[depth] = -1;
			continue;
		}
		for (;;) {
			if (ts_tree_cursor_goto_next_sibling(&c)) break;
			if (!ts_tree_cursor_goto_parent(&c)) goto done;
			depth--;
		}
	}
done:
	free(last_child);
	free(parents);
	ts_tree_cursor_delete(&c);
	return result < 0 ? result : (int32_t)n;
}
