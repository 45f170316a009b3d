// tslayout prints the layout of every struct that tsinternal.h and tsabi.h restate: each
// field's offset, size and scalar type, bit-fields by the bits they occupy. TestTSLayout
// (tsinternal_test.go) builds it three times and compares the outputs line by line:
//
//   -DRA_UPSTREAM  against the tree-sitter library's own headers (go-tree-sitter's src/ and
//                  include/), which is what the linked library was compiled with;
//   -DRA_GRAMMAR   against the grammar's tree_sitter/parser.h (tree-sitter-rust's src/),
//                  which is what the Rust grammar's TSLanguage was compiled with;
//   neither        against tsinternal.h and tsabi.h, what fastdump.c and native.c read.
//
// A field that upstream renamed or dropped stops the upstream build; one that moved,
// changed size or type, or was inserted before a restated one changes a line.
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#if defined(RA_UPSTREAM)
#include "tree.h" // subtree.h, length.h, parser.h, tree_sitter/api.h
typedef struct TSTree TreeT;
typedef struct TSLanguage LangT;
#define HAVE_TREE 1
#define HAVE_API 1
#elif defined(RA_GRAMMAR)
#include "tree_sitter/parser.h"
typedef struct TSLanguage LangT;
#define HAVE_TREE 0
#define HAVE_API 0
#else
#include "tsinternal.h"
typedef TSTreeInternal TreeT;
typedef TSLanguageInternal LangT;
#define HAVE_TREE 1
#define HAVE_API 1
#endif

#define SCALAR(e) _Generic((e), \
	_Bool: "bool", char: "char", \
	int8_t: "i8", uint8_t: "u8", int16_t: "i16", uint16_t: "u16", \
	int32_t: "i32", uint32_t: "u32", int64_t: "i64", uint64_t: "u64", \
	default: "-")

// FIELD prints a field's offset, size and scalar type ("-" for pointers, arrays, structs).
#define FIELD(T, f) printf("%s.%s off=%zu size=%zu type=%s\n", #T, #f, offsetof(T, f), sizeof(((T *)0)->f), SCALAR(((T *)0)->f))

// BITS prints the bits a bit-field occupies: set to all ones in a zeroed value.
#define BITS(T, f) do { \
	T v_; \
	memset(&v_, 0, sizeof v_); \
	v_.f = 0; \
	v_.f--; \
	bits(#T "." #f, (const unsigned char *)&v_, sizeof v_); \
} while (0)

#define SIZE(T) printf("%s size=%zu\n", #T, sizeof(T))

static void bits(const char *name, const unsigned char *p, size_t n) {
	size_t first = 0, count = 0;
	for (size_t i = 0; i < n * 8; i++) {
		if (p[i / 8] & (1u << (i % 8))) {
			if (count++ == 0) first = i;
		}
	}
	printf("%s bits=%zu+%zu\n", name, first, count);
}

int main(void) {
	SIZE(TSFieldMapEntry);
	FIELD(TSFieldMapEntry, field_id);
	FIELD(TSFieldMapEntry, child_index);
	FIELD(TSFieldMapEntry, inherited);
	SIZE(TSMapSlice);
	FIELD(TSMapSlice, index);
	FIELD(TSMapSlice, length);

	// The head of TSLanguage, as far as tsinternal.h restates it.
	FIELD(LangT, abi_version);
	FIELD(LangT, symbol_count);
	FIELD(LangT, alias_count);
	FIELD(LangT, token_count);
	FIELD(LangT, external_token_count);
	FIELD(LangT, state_count);
	FIELD(LangT, large_state_count);
	FIELD(LangT, production_id_count);
	FIELD(LangT, field_count);
	FIELD(LangT, max_alias_sequence_length);
	FIELD(LangT, parse_table);
	FIELD(LangT, small_parse_table);
	FIELD(LangT, small_parse_table_map);
	FIELD(LangT, parse_actions);
	FIELD(LangT, symbol_names);
	FIELD(LangT, field_names);
	FIELD(LangT, field_map_slices);
	FIELD(LangT, field_map_entries);
	FIELD(LangT, symbol_metadata);
	FIELD(LangT, public_symbol_map);
	FIELD(LangT, alias_map);
	FIELD(LangT, alias_sequences);
	printf("ts_builtin_sym_error=%u\n", (unsigned)(TSSymbol)-1);

#if HAVE_TREE
	SIZE(Length);
	FIELD(Length, bytes);
	FIELD(Length, extent);
	FIELD(Length, extent.row);
	FIELD(Length, extent.column);

	SIZE(SubtreeInlineData);
	BITS(SubtreeInlineData, is_inline);
	BITS(SubtreeInlineData, visible);
	BITS(SubtreeInlineData, named);
	BITS(SubtreeInlineData, extra);
	BITS(SubtreeInlineData, has_changes);
	BITS(SubtreeInlineData, is_missing);
	BITS(SubtreeInlineData, is_keyword);
	FIELD(SubtreeInlineData, symbol);
	FIELD(SubtreeInlineData, parse_state);
	FIELD(SubtreeInlineData, padding_columns);
	BITS(SubtreeInlineData, padding_rows);
	BITS(SubtreeInlineData, lookahead_bytes);
	FIELD(SubtreeInlineData, padding_bytes);
	FIELD(SubtreeInlineData, size_bytes);

	SIZE(SubtreeHeapData);
	FIELD(SubtreeHeapData, ref_count);
	FIELD(SubtreeHeapData, padding);
	FIELD(SubtreeHeapData, size);
	FIELD(SubtreeHeapData, lookahead_bytes);
	FIELD(SubtreeHeapData, error_cost);
	FIELD(SubtreeHeapData, child_count);
	FIELD(SubtreeHeapData, symbol);
	FIELD(SubtreeHeapData, parse_state);
	BITS(SubtreeHeapData, visible);
	BITS(SubtreeHeapData, named);
	BITS(SubtreeHeapData, extra);
	BITS(SubtreeHeapData, fragile_left);
	BITS(SubtreeHeapData, fragile_right);
	BITS(SubtreeHeapData, has_changes);
	BITS(SubtreeHeapData, has_external_tokens);
	BITS(SubtreeHeapData, has_external_scanner_state_change);
	BITS(SubtreeHeapData, depends_on_column);
	BITS(SubtreeHeapData, is_missing);
	BITS(SubtreeHeapData, is_keyword);
	FIELD(SubtreeHeapData, visible_child_count);
	FIELD(SubtreeHeapData, named_child_count);
	FIELD(SubtreeHeapData, visible_descendant_count);
	FIELD(SubtreeHeapData, dynamic_precedence);
	FIELD(SubtreeHeapData, repeat_depth);
	FIELD(SubtreeHeapData, production_id);
	FIELD(SubtreeHeapData, first_leaf.symbol);
	FIELD(SubtreeHeapData, first_leaf.parse_state);
	FIELD(SubtreeHeapData, external_scanner_state);
	FIELD(SubtreeHeapData, external_scanner_state.long_data);
	FIELD(SubtreeHeapData, external_scanner_state.short_data);
	FIELD(SubtreeHeapData, external_scanner_state.length);
	FIELD(SubtreeHeapData, lookahead_char);

	SIZE(Subtree);
	FIELD(Subtree, data);
	FIELD(Subtree, ptr);

	SIZE(TreeT);
	FIELD(TreeT, root);
	FIELD(TreeT, language);
	FIELD(TreeT, included_ranges);
	FIELD(TreeT, included_range_count);
#endif

#if HAVE_API
	// The public API's value types that tsabi.h restates for native.c.
	SIZE(TSPoint);
	FIELD(TSPoint, row);
	FIELD(TSPoint, column);
	SIZE(TSInput);
	FIELD(TSInput, payload);
	FIELD(TSInput, read);
	FIELD(TSInput, encoding);
	FIELD(TSInput, decode);
	printf("TSInputEncodingUTF8=%d\n", (int)TSInputEncodingUTF8);
	SIZE(TSParseState);
	FIELD(TSParseState, payload);
	FIELD(TSParseState, current_byte_offset);
	FIELD(TSParseState, has_error);
	SIZE(TSParseOptions);
	FIELD(TSParseOptions, payload);
	FIELD(TSParseOptions, progress_callback);
	SIZE(TSNode);
	FIELD(TSNode, context);
	FIELD(TSNode, id);
	FIELD(TSNode, tree);
	SIZE(TSTreeCursor);
	FIELD(TSTreeCursor, tree);
	FIELD(TSTreeCursor, id);
	FIELD(TSTreeCursor, context);
#endif
	return 0;
}
