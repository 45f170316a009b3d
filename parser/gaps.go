package parser

import "bytes"

// Grammar gaps: valid Rust that tree-sitter-rust 0.24.1 does not parse, patched in a copy of
// the source handed to the grammar, byte for byte the same length, so every position and
// every node's text (read from the original) stay as written.
//
//   - A lifetime before a trait-object's traits, `Box<dyn 'static + Send + Fn(u8)>`: the
//     grammar wants the traits first (`dyn Fn(u8) + Send + 'static` parses). The lifetime
//     and its `+` are blanked: no rule reads a trait object's lifetime bound. Judged on the
//     corpus: apollo-router, rspotify, rust-socketio, yew and rustodon reported "parsed with
//     errors" for such types.

var dynWord = []byte("dyn")

// patchGrammarGaps returns src with the gaps above blanked, or nil when it has none.
func patchGrammarGaps(src []byte) []byte {
	if !bytes.Contains(src, []byte("'")) || !bytes.Contains(src, dynWord) {
		return nil
	}
	var out []byte
	for i := 0; ; {
		j := bytes.Index(src[i:], dynWord)
		if j < 0 {
			break
		}
		at := i + j
		i = at + len(dynWord)
		if at > 0 && isIdentByte(src[at-1]) || i >= len(src) || !isSpace(src[i]) {
			continue
		}
		// blank each `'lifetime +` that comes first, until a trait
		k := i
		for {
			for k < len(src) && isSpace(src[k]) {
				k++
			}
			if k+1 >= len(src) || src[k] != '\'' || !isIdentStart(src[k+1]) {
				break
			}
			e := k + 1
			for e < len(src) && isIdentByte(src[e]) {
				e++
			}
			if e < len(src) && src[e] == '\'' {
				break // a char literal, `'a'`
			}
			p := e
			for p < len(src) && isSpace(src[p]) {
				p++
			}
			if p >= len(src) || src[p] != '+' {
				break // `dyn 'a` alone: not this gap
			}
			if out == nil {
				out = bytes.Clone(src)
			}
			for x := k; x <= p; x++ {
				out[x] = ' '
			}
			k = p + 1
		}
	}
	return out
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

func isIdentStart(b byte) bool { return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

func isIdentByte(b byte) bool { return isIdentStart(b) || b >= '0' && b <= '9' }
