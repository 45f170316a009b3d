package parser

import (
	"unicode/utf8"

	"github.com/rustaudit/rustaudit/finding"
)

// Pos and Span are defined in package finding, which renderers read without depending on the
// parser; this file is where they are made.
type (
	Pos  = finding.Pos
	Span = finding.Span
)

// Position converts tree-sitter's 0-based row and byte column into a Pos. Invalid UTF-8
// bytes count as one character (one UTF-16 unit) each, as U+FFFD would. This is the one place
// where positions are converted.
func Position(line []byte, row, byteCol uint32) Pos {
	if int(byteCol) > len(line) {
		byteCol = uint32(len(line))
	}
	chars, units := 0, 0
	b := line[:byteCol]
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		chars++
		units++
		if r >= 0x10000 {
			units++
		}
		b = b[size:]
	}
	return Pos{Line: int(row) + 1, Col: chars + 1, ColUTF16: units + 1}
}

// Line returns the text of 0-based row, without its line terminator.
func (t *Tree) Line(row int) []byte {
	if row < 0 || row >= len(t.Lines) {
		return nil
	}
	start := t.Lines[row]
	end := len(t.Src)
	if row+1 < len(t.Lines) {
		end = t.Lines[row+1] - 1
	}
	line := t.Src[start:end]
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line
}

// Span returns the converted span of node n.
func (t *Tree) Span(n NodeID) Span {
	nd := &t.Nodes[n]
	return t.SpanOf(nd.Start, nd.StartRow, nd.StartCol, nd.End, nd.EndRow, nd.EndCol)
}

// SpanBetween returns the span from the start of a to the end of b.
func (t *Tree) SpanBetween(a, b NodeID) Span {
	na, nb := &t.Nodes[a], &t.Nodes[b]
	return t.SpanOf(na.Start, na.StartRow, na.StartCol, nb.End, nb.EndRow, nb.EndCol)
}

func (t *Tree) SpanOf(start, srow, scol, end, erow, ecol uint32) Span {
	s := Position(t.rawLine(int(srow)), srow, scol)
	s.Byte = int(start)
	e := Position(t.rawLine(int(erow)), erow, ecol)
	e.Byte = int(end)
	return Span{Start: s, End: e}
}

// rawLine is Line without trimming a trailing CR, so byte columns stay valid.
func (t *Tree) rawLine(row int) []byte {
	if row < 0 || row >= len(t.Lines) {
		return nil
	}
	start := t.Lines[row]
	end := len(t.Src)
	if row+1 < len(t.Lines) {
		end = t.Lines[row+1] - 1
	}
	return t.Src[start:end]
}
