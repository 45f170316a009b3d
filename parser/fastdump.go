package parser

// #include "native.h"
// #include "tsinternal.h"
import "C"

import (
	"sync"
	"unsafe"
)

// The modules tsinternal.h was restated from. TestTreeSitterVersionsPinned fails when go.mod
// names other versions, so that an upgrade re-checks tsinternal.h (TestTSLayout compares it
// with the new headers) before it ships.
const (
	tsRuntimeModule  = "github.com/tree-sitter/go-tree-sitter"
	tsRuntimeVersion = "v0.25.0"
	tsRustModule     = "github.com/tree-sitter/tree-sitter-rust"
	tsRustVersion    = "v0.24.0"
)

// tsLanguageABI is the language ABI whose struct TSLanguage tsinternal.h restates.
const tsLanguageABI = C.RA_TS_LANGUAGE_ABI

// fastDump reports whether ra_fast_dump (fastdump.c, which reads tree-sitter's internals)
// writes exactly what the cursor walk ra_dump writes, on a sample that has every shape the
// direct walk treats apart: hidden nodes with fields, aliases, extras, errors, missing
// tokens, external-scanner tokens, multi-byte characters and CRLF line ends. Checked once
// per process (well under a millisecond); when they differ, ra_dump serves.
var fastDump = sync.OnceValue(func() bool {
	fast, slow := dumpBoth(fastDumpSample)
	return fast != nil && equalNodes(fast, slow)
})

const fastDumpSample = "//! crate docs\r\n#![allow(dead_code)]\r\n" +
	"use std::{io::{self, Read as R}, sync::Arc};\n" +
	"/* block */ pub(crate) struct S<'a, T: ?Sized + 'a> { pub f: &'a T, g: [u8; 4] }\n" +
	"impl<T> Tr for S<'_, T> where T: Clone { type X = Vec<T>; const C: usize = 1 << 3;\n" +
	"  async fn m(&mut self, cx: &mut Context<'_>) -> Poll<()> { let S { f, .. } = self; let r = r#\"raw \"# ; 'é'; \"ünï\"; x?.await; loop { break 'a; } }\n" +
	"}\n" +
	"fn main() { let v = vec![1, 2]; match v { Some(x) if x > 1 => {}, _ => () } let c = |a: u8| -> u8 { a + 1 }; tokio::select! { _ = f => {} } }\n" +
	"fn broken( { let x = 1 let y = ; }\n" +
	"macro_rules! m { ($x:expr) => { $x }; }\n" +
	"enum E { A = 1, B(u8), C { d: u8 } } // trailing\n"

// dumpBoth parses src and flattens the tree both ways; fast is nil when that walk failed.
func dumpBoth(src string) (fast, slow []Node) {
	np := newNativeParser()
	defer np.close()
	t, _ := np.parseTree([]byte(src), 0, false)
	if t == nil {
		return nil, nil
	}
	defer C.ts_tree_delete(t)
	n := int(C.ra_count(t))
	fast, slow = make([]Node, n), make([]Node, n)
	if n == 0 {
		return fast, slow
	}
	gs := C.ra_dump(t, (*C.ra_node)(unsafe.Pointer(&slow[0])), C.uint32_t(n))
	slow = slow[:max(gs, 0)]
	gf := C.ra_fast_dump(t, (*C.ra_node)(unsafe.Pointer(&fast[0])), C.uint32_t(n))
	if gf < 0 {
		return nil, slow
	}
	return fast[:gf], slow
}

func equalNodes(a, b []Node) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
