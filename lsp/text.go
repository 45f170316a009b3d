package lsp

import (
	"errors"
	"net/url"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/rustaudit/rustaudit/finding"
)

// text is a version of a file's content with its line starts, for converting between byte
// offsets and LSP positions. Lines end at "\n" (a "\r" before it belongs to the line
// terminator), as the parser counts them.
type text struct {
	src   []byte
	lines []int // byte offset of each line's start
}

func newText(src []byte) *text {
	lines := make([]int, 1, len(src)/32+1)
	for i, b := range src {
		if b == '\n' {
			lines = append(lines, i+1)
		}
	}
	return &text{src: src, lines: lines}
}

// line returns the bytes of 0-based line n, without its terminator.
func (t *text) line(n int) []byte {
	if n < 0 || n >= len(t.lines) {
		return nil
	}
	end := len(t.src)
	if n+1 < len(t.lines) {
		end = t.lines[n+1] - 1
	}
	l := t.src[t.lines[n]:end]
	if k := len(l); k > 0 && l[k-1] == '\r' {
		l = l[:k-1]
	}
	return l
}

// eol is the line terminator the text uses: "\r\n" when its first line ends so.
func (t *text) eol() string {
	if len(t.lines) > 1 {
		if e := t.lines[1] - 1; e > 0 && t.src[e-1] == '\r' {
			return "\r\n"
		}
	}
	return "\n"
}

// units counts b in the encoding's units: bytes for UTF-8, UTF-16 code units otherwise. An
// invalid byte counts as one unit, as parser.Position counts it.
func units(b []byte, enc string) int {
	if enc == encodingUTF8 {
		return len(b)
	}
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		n++
		if r >= 0x10000 {
			n++
		}
		b = b[size:]
	}
	return n
}

// position converts a byte offset into an LSP position.
func (t *text) position(off int, enc string) Position {
	if off < 0 {
		off = 0
	}
	if off > len(t.src) {
		off = len(t.src)
	}
	// The last line start at or before off.
	lo, hi := 0, len(t.lines)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if t.lines[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return Position{Line: lo, Character: units(t.src[t.lines[lo]:off], enc)}
}

// offset converts an LSP position into a byte offset. A character past the end of its line
// means the end of the line; a line past the end means the end of the text (as the protocol
// asks).
func (t *text) offset(p Position, enc string) int {
	if p.Line < 0 {
		return 0
	}
	if p.Line >= len(t.lines) {
		return len(t.src)
	}
	start := t.lines[p.Line]
	line := t.line(p.Line)
	if enc == encodingUTF8 {
		if p.Character >= len(line) {
			return start + len(line)
		}
		// Never split a character.
		off := p.Character
		for off > 0 && !utf8.RuneStart(line[off]) {
			off--
		}
		return start + off
	}
	n := 0
	for i := 0; i < len(line); {
		if n >= p.Character {
			return start + i
		}
		r, size := utf8.DecodeRune(line[i:])
		n++
		if r >= 0x10000 {
			n++
		}
		i += size
	}
	return start + len(line)
}

// spanRange converts a finding's span into an LSP range over t, the text it was found in.
func (t *text) spanRange(s finding.Span, enc string) Range {
	return Range{Start: t.position(s.Start.Byte, enc), End: t.position(s.End.Byte, enc)}
}

// spanRangeWithout converts a span without the text: from the columns the engine computed.
// It is right for UTF-16 only; UTF-8 needs the text.
func spanRangeWithout(s finding.Span) Range {
	p := func(p finding.Pos) Position {
		c := p.ColUTF16
		if c <= 0 {
			c = p.Col
		}
		return Position{Line: max(p.Line-1, 0), Character: max(c-1, 0)}
	}
	return Range{Start: p(s.Start), End: p(s.End)}
}

// apply applies a change event to src: a replacement of a range, or of everything.
func apply(src []byte, c TextDocumentContentChangeEvent, enc string) []byte {
	if c.Range == nil {
		return []byte(c.Text)
	}
	t := newText(src)
	a, b := t.offset(c.Range.Start, enc), t.offset(c.Range.End, enc)
	if b < a {
		a, b = b, a
	}
	out := make([]byte, 0, len(src)-(b-a)+len(c.Text))
	out = append(out, src[:a]...)
	out = append(out, c.Text...)
	return append(out, src[b:]...)
}

// uriToPath returns the absolute, clean path of a file: URI.
func uriToPath(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", err
	}
	if u.Scheme != "file" {
		return "", errors.New("not a file: URI: " + uri)
	}
	p := u.Path
	// file:///C:/x on Windows.
	if len(p) >= 3 && p[0] == '/' && p[2] == ':' {
		p = p[1:]
	}
	return filepath.Clean(filepath.FromSlash(p)), nil
}

// pathToURI returns the file: URI of an absolute path.
func pathToURI(path string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}
