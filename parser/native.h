#ifndef RUSTAUDIT_NATIVE_H
#define RUSTAUDIT_NATIVE_H
#include <stdint.h>
#include "tsabi.h"

// ra_node mirrors parser.rawNode on the Go side: keep the two in the same order and size.
typedef struct {
	uint16_t kind;   // ts_node_symbol
	uint16_t field;  // field id relative to the parent, 0 if none
	uint16_t flags;  // RA_NAMED | RA_ERROR | RA_MISSING | RA_EXTRA
	uint16_t pad;
	uint32_t start_byte, end_byte;
	uint32_t start_row, start_col, end_row, end_col;
	int32_t parent, first_child, next_sibling;
	uint32_t child_count;
} ra_node;

enum { RA_NAMED = 1, RA_ERROR = 2, RA_MISSING = 4, RA_EXTRA = 8 };

void ra_init(void);
void ra_trim(void);
int64_t ra_count_ts_heap(int32_t on);
void ra_set_kinds(const uint16_t *kinds, const uint8_t *named, uint32_t n);
TSParser *ra_parser_new(const TSLanguage *lang);
enum { RA_PARSE_OK = 0, RA_PARSE_TIMED_OUT = 1, RA_PARSE_ERRORED = 2 };
// ra_parse returns NULL when the parse was abandoned: *status tells why (time budget or
// cancel, or a syntax error when stop_on_error is set).
TSTree *ra_parse(TSParser *p, const char *src, uint32_t len, uint64_t budget_micros, volatile int32_t *cancel, int32_t stop_on_error, int32_t *status);
uint32_t ra_count(TSTree *t);
int32_t ra_has_error(TSTree *t);
int32_t ra_dump(TSTree *t, ra_node *out, uint32_t cap);
// ra_fast_dump writes the same nodes as ra_dump, reading tree-sitter's internals (fastdump.c).
// With consume, it frees the tree's subtrees as it goes (ts_tree_delete must still be called,
// and finds only the TSTree itself left), calling malloc_trim after every trim_bytes freed
// (0: never); it consumes the whole tree even when it fails.
int32_t ra_fast_dump(TSTree *t, ra_node *out, uint32_t cap, int32_t consume, uint64_t trim_bytes);
#endif
