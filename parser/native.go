package parser

// #cgo CFLAGS: -std=c11 -O2 -D_POSIX_C_SOURCE=200112L
// #include <stdlib.h>
// #include "native.h"
import "C"

import (
	"runtime/debug"
	"sync/atomic"
	"unsafe"

	tree_sitter_rust "github.com/tree-sitter/tree-sitter-rust/bindings/go"
)

func init() {
	C.ra_init()
	named := make([]uint8, len(kindNamed))
	for i, v := range kindNamed {
		if v {
			named[i] = 1
		}
	}
	C.ra_set_kinds((*C.uint16_t)(unsafe.Pointer(&canonicalKind[0])), (*C.uint8_t)(unsafe.Pointer(&named[0])), C.uint32_t(len(kindNamed)))
	var r rawNode
	if unsafe.Sizeof(r) != C.sizeof_ra_node {
		panic("parser: rawNode and ra_node differ in size")
	}
}

// ReleaseMemory hands the memory that parsing a big file took back to the system: the C
// heap's free pages (glibc keeps them in each thread's arena) and the Go heap's.
func ReleaseMemory() {
	C.ra_trim()
	debug.FreeOSMemory()
}

// TrimCHeap hands the C heap's free memory back to the system (cheap: no garbage
// collection).
func TrimCHeap() { C.ra_trim() }

// rawNode mirrors ra_node in native.h field for field.
type rawNode = Node

func rustLanguage() *C.TSLanguage { return (*C.TSLanguage)(tree_sitter_rust.Language()) }

// nativeParser owns one C parser. It is not safe for concurrent use: each worker has one.
type nativeParser struct {
	p      *C.TSParser
	cancel *int32 // C-allocated flag, set to abandon a parse in progress
	// cursorWalk makes this parser flatten trees with ra_dump whatever fastDump says (tests
	// compare the two walks with it).
	cursorWalk bool
}

func newNativeParser() *nativeParser {
	p := C.ra_parser_new(rustLanguage())
	if p == nil {
		panic("parser: tree-sitter rejected the Rust grammar (ABI version mismatch)")
	}
	flag := (*int32)(C.malloc(4))
	*flag = 0
	return &nativeParser{p: p, cancel: flag}
}

func (np *nativeParser) close() {
	if np.p != nil {
		C.ts_parser_delete(np.p)
		C.free(unsafe.Pointer(np.cancel))
		np.p = nil
	}
}

// parseStatus says how a parse ended.
type parseStatus int32

const (
	parsed   parseStatus = C.RA_PARSE_OK
	timedOut parseStatus = C.RA_PARSE_TIMED_OUT // time budget spent, or abandoned
	errored  parseStatus = C.RA_PARSE_ERRORED   // stopped at a syntax error (stopOnError)
)

// parse parses src and returns its nodes in preorder, in buf when it is large enough, and
// whether the tree holds a syntax error (an ERROR or MISSING node; tree-sitter keeps that
// on the root, so no node needs looking at). budgetMicros of 0 means no time limit. With
// stopOnError, a source with a syntax error is given up as soon as tree-sitter has no
// error-free parse left (status errored, no nodes).
func (np *nativeParser) parse(src []byte, budgetMicros uint64, buf []Node, stopOnError bool) (nodes []Node, st parseStatus, hasError bool) {
	t, st := np.parseTree(src, budgetMicros, stopOnError)
	if t == nil {
		return nil, st, false
	}
	defer C.ts_tree_delete(t)
	hasError = C.ra_has_error(t) != 0
	n := int(C.ra_count(t))
	if cap(buf) < n {
		// Room for the nodes that macro re-parsing appends (about 8% on real code).
		buf = make([]Node, n, n+n/8+16)
	}
	buf = buf[:n]
	if n == 0 {
		return buf, parsed, hasError
	}
	var got C.int32_t
	if !np.cursorWalk && fastDump() {
		// The walk frees the tree as it goes; for a big tree it also hands the freed pages
		// back, so that the tree and its flattened copy are never both whole in memory.
		// Only ts_tree_delete (deferred above) may touch t after it: nothing keeps a tree.
		var trim C.uint64_t
		if n >= trimNodes {
			trim = trimEvery
		}
		got = C.ra_fast_dump(t, (*C.ra_node)(unsafe.Pointer(&buf[0])), C.uint32_t(n), 1, trim)
	} else {
		got = C.ra_dump(t, (*C.ra_node)(unsafe.Pointer(&buf[0])), C.uint32_t(n))
	}
	if got < 0 {
		panic("parser: descendant count smaller than the tree")
	}
	buf = buf[:int(got)]
	return buf, parsed, hasError
}

// parseTree runs tree-sitter over src; the caller deletes the tree. nil means the parse was
// abandoned, for the reason the status gives.
func (np *nativeParser) parseTree(src []byte, budgetMicros uint64, stopOnError bool) (*C.TSTree, parseStatus) {
	atomic.StoreInt32(np.cancel, 0)
	var srcPtr *C.char
	if len(src) > 0 {
		srcPtr = (*C.char)(unsafe.Pointer(&src[0]))
	} else {
		srcPtr = (*C.char)(unsafe.Pointer(&emptySource[0]))
	}
	var status, stop C.int32_t
	if stopOnError {
		stop = 1
	}
	t := C.ra_parse(np.p, srcPtr, C.uint32_t(len(src)), C.uint64_t(budgetMicros), (*C.int32_t)(unsafe.Pointer(np.cancel)), stop, &status)
	if t == nil {
		// tree-sitter 0.25.0 (bundled by go-tree-sitter v0.25.0) does not clear its
		// "balancing was cancelled" state in ts_parser_reset: after a parse abandoned while
		// balancing, the next parse aborts the process (fixed upstream in tree-sitter #4176).
		// A fresh parser has no such state.
		C.ts_parser_delete(np.p)
		np.p = C.ra_parser_new(rustLanguage())
		if status == C.RA_PARSE_OK {
			status = C.RA_PARSE_TIMED_OUT
		}
	}
	return t, parseStatus(status)
}

// abandon makes a parse in progress on this parser stop soon. Safe from any goroutine.
func (np *nativeParser) abandon() { atomic.StoreInt32(np.cancel, 1) }

var emptySource = []byte{0}

// From trimNodes nodes up (a file of about 450 KB; tree-sitter's tree then takes 20 MB or
// more), the direct walk calls malloc_trim after every trimEvery bytes it frees. Parsing and
// flattening bench/bigtable.sh's SHAPE=mixed file alone (2.5 MB), max RSS was 167 MB without
// trims, 138 MB with one every 16 MB, 132 MB with one every 1 MB: what tree-sitter's parse
// alone takes, as the trims cost no time that could be measured.
const (
	trimNodes = 128 << 10
	trimEvery = 1 << 20
)
