package rules

// Fixes: a rule attaches them to the Diagnostic it reports, as edits in byte offsets of the
// file built from node spans; the engine checks them and converts them into finding.Fix
// values with line and column spans. The engine also offers, for every finding, a fix that
// silences it with a rustaudit:allow comment placed where suppress.go will read it.

import (
	"bytes"
	"sort"
	"unicode/utf8"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/parser"
)

// The applicabilities, named here for rule files.
const (
	Certain     = finding.Certain
	NeedsReview = finding.NeedsReview
)

// Fix is a fix a rule offers for the finding it reports.
type Fix struct {
	Description   string
	Applicability finding.Applicability
	Edits         []Edit
}

// Edit replaces the bytes [Start, End) of the file with New.
type Edit struct {
	Start, End uint32
	New        string
}

// ReplaceNode returns an edit that replaces the text of n with s.
func ReplaceNode(t *parser.Tree, n parser.NodeID, s string) Edit {
	nd := &t.Nodes[n]
	return Edit{Start: nd.Start, End: nd.End, New: s}
}

// InsertBefore returns an edit that inserts s where n starts.
func InsertBefore(t *parser.Tree, n parser.NodeID, s string) Edit {
	return Edit{Start: t.Nodes[n].Start, End: t.Nodes[n].Start, New: s}
}

// InsertAfter returns an edit that inserts s where n ends.
func InsertAfter(t *parser.Tree, n parser.NodeID, s string) Edit {
	return Edit{Start: t.Nodes[n].End, End: t.Nodes[n].End, New: s}
}

// InsertLineAbove returns an edit that puts text on a line of its own just above the line on
// which n starts, indented like that line, with the file's line ending. It fails when
// anything but blanks precedes n on its line: the new line would not be next to n.
func InsertLineAbove(t *parser.Tree, n parser.NodeID, text string) (Edit, bool) {
	start := t.Nodes[n].Start
	row := int(t.Nodes[n].StartRow)
	if row >= len(t.Lines) {
		return Edit{}, false
	}
	ls := uint32(t.Lines[row])
	indent := t.Src[ls:start]
	if len(bytes.TrimLeft(indent, " \t")) != 0 {
		return Edit{}, false
	}
	return Edit{Start: ls, End: ls, New: string(indent) + text + lineEnding(t, row)}, true
}

// lineEnding is "\r\n" when line row ends so, "\n" otherwise.
func lineEnding(t *parser.Tree, row int) string {
	if row+1 < len(t.Lines) {
		if end := t.Lines[row+1] - 1; end > 0 && t.Src[end-1] == '\r' {
			return "\r\n"
		}
	}
	return "\n"
}

// IndentOf returns the blanks that start the line on which n starts.
func IndentOf(t *parser.Tree, n parser.NodeID) string {
	row := int(t.Nodes[n].StartRow)
	if row >= len(t.Lines) {
		return ""
	}
	line := t.Src[t.Lines[row]:t.Nodes[n].Start]
	return string(line[:len(line)-len(bytes.TrimLeft(line, " \t"))])
}

// convertFix checks a rule's fix against the file (edits inside it, on character
// boundaries, sorted and not overlapping) and converts it; ok is false for a fix that fails.
func convertFix(t *parser.Tree, f Fix) (finding.Fix, bool) {
	if len(f.Edits) == 0 || f.Applicability == 0 || f.Description == "" {
		return finding.Fix{}, false
	}
	out := finding.Fix{Description: f.Description, Applicability: f.Applicability}
	prev := uint32(0)
	for i, e := range f.Edits {
		if e.Start > e.End || int(e.End) > len(t.Src) || (i > 0 && e.Start < prev) ||
			!charBoundary(t.Src, e.Start) || !charBoundary(t.Src, e.End) {
			return finding.Fix{}, false
		}
		prev = e.End
		out.Edits = append(out.Edits, finding.Edit{Span: spanOfBytes(t, e.Start, e.End), New: e.New})
	}
	return out, true
}

func charBoundary(src []byte, off uint32) bool {
	return int(off) == len(src) || utf8.RuneStart(src[off])
}

// spanOfBytes converts a byte range of the file into a span.
func spanOfBytes(t *parser.Tree, start, end uint32) finding.Span {
	row := func(off uint32) uint32 {
		return uint32(sort.Search(len(t.Lines), func(i int) bool { return t.Lines[i] > int(off) }) - 1)
	}
	sr, er := row(start), row(end)
	return t.SpanOf(start, sr, start-uint32(t.Lines[sr]), end, er, end-uint32(t.Lines[er]))
}

// allowReason is the reason an inserted rustaudit:allow comment gives until someone writes
// the real one.
const allowReason = "TODO: say why this is fine here"

// allowFix returns the fix that silences a finding of rule at line (1-based), reported on
// node n: a `// rustaudit:allow(rule) reason` line above the statement or item that holds
// n. suppress.go applies such a comment to the outermost node that starts after it, in the
// same list, so the comment goes above the nearest enclosing statement, item, match arm or
// select! branch that starts its own line (above its attributes, if it has any) and whose
// lines hold the finding's.
func allowFix(t *parser.Tree, n parser.NodeID, rule string, line int) (finding.Fix, bool) {
	for a := n; a >= 0; a = t.Parent(a) {
		par := t.Parent(a)
		if par < 0 {
			break
		}
		if !allowLists[t.Kind(par)] || !t.IsNamed(a) || t.IsComment(a) {
			continue
		}
		nd := &t.Nodes[a]
		if line < int(nd.StartRow)+1 || line > int(nd.EndRow)+1 {
			continue
		}
		at := leadingAttributes(t, par, a)
		e, ok := InsertLineAbove(t, at, "// rustaudit:allow("+rule+") "+allowReason)
		if !ok {
			continue
		}
		return convertFix(t, Fix{
			Description:   "Silence this finding with a `rustaudit:allow(" + rule + ")` comment above the statement, and write down why it is fine",
			Applicability: NeedsReview,
			Edits:         []Edit{e},
		})
	}
	return finding.Fix{}, false
}

// allowLists are the nodes whose children an own-line allow comment can precede.
var allowLists = map[parser.Kind]bool{
	parser.KBlock: true, parser.KDeclarationList: true, parser.KSourceFile: true,
	parser.KMatchBlock: true, parser.KMacroBody: true,
}

// leadingAttributes returns the first of the attributes that directly precede child n of
// par, one per line, or n itself when it has none.
func leadingAttributes(t *parser.Tree, par, n parser.NodeID) parser.NodeID {
	first := n
	run := parser.None // the first attribute of the run that ends just before n
	for c := t.Nodes[par].FirstChild; c >= 0 && c != n; c = t.Nodes[c].Next {
		switch {
		case t.Is(c, parser.KAttributeItem):
			if run < 0 {
				run = c
			}
		case t.IsNamed(c) || t.IsComment(c):
			run = parser.None
		}
	}
	if run >= 0 {
		first = run
	}
	return first
}
