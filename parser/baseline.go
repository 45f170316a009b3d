package parser

// #include "native.h"
import "C"

import (
	"sync/atomic"
	"time"
	"unsafe"
)

// ParseOnly parses src with tree-sitter and deletes the tree at once: no flattening into Go
// memory, no macro re-parsing, no imports. It is the floor that benchmarks compare a scan
// against (bench/scanbench); rules never use it. Like Parse, it honours Budget and Abandon and
// returns ErrTimeout for a parse abandoned for either.
func (p *Parser) ParseOnly(src []byte) error {
	var budget uint64
	if p.Budget > 0 {
		budget = max(1, uint64(p.Budget/time.Microsecond))
	}
	np := p.np
	atomic.StoreInt32(np.cancel, 0)
	var srcPtr *C.char
	if len(src) > 0 {
		srcPtr = (*C.char)(unsafe.Pointer(&src[0]))
	} else {
		srcPtr = (*C.char)(unsafe.Pointer(&emptySource[0]))
	}
	var to C.int32_t
	t := C.ra_parse(np.p, srcPtr, C.uint32_t(len(src)), C.uint64_t(budget), (*C.int32_t)(unsafe.Pointer(np.cancel)), &to)
	if t == nil {
		return ErrTimeout
	}
	C.ts_tree_delete(t)
	return nil
}
