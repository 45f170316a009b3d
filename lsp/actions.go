package lsp

import (
	"bytes"
	"fmt"
	"os"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/rules"
)

// reasonPlaceholder is the reason an inserted rustaudit:allow comment starts with: the
// person silencing a finding is asked to say why it is fine.
const reasonPlaceholder = "TODO: say why this is fine here"

// maxCandidates bounds the places tried for an own-line comment (each try analyses the file
// once).
const maxCandidates = 6

// codeActions offers, for each finding in the range, the fixes its rule gives (a certain
// one preferred), the comment that silences it there and the one that silences its rule in
// the whole file.
func (s *server) codeActions(p *CodeActionParams) []CodeAction {
	actions := []CodeAction{}
	if len(p.Context.Only) > 0 && !wantsQuickFix(p.Context.Only) {
		return actions
	}
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		return actions
	}
	s.work.Lock()
	defer s.work.Unlock()
	// Answer for the buffer as it is now: the findings' offsets are then offsets in it.
	s.process()
	pub := s.published[path]
	if pub == nil || s.session == nil {
		return actions
	}
	s.mu.Lock()
	var src []byte
	var version *int
	if d := s.docs[path]; d != nil {
		src = d.src
		v := d.version
		version = &v
	}
	s.mu.Unlock()
	if src == nil {
		if src, err = os.ReadFile(path); err != nil {
			return actions
		}
	}
	t := newText(src)
	uri := p.TextDocument.URI
	seen := map[string]bool{}
	add := func(title string, preferred bool, diag Diagnostic, edits []TextEdit) {
		key := title + fmt.Sprint(edits)
		if seen[key] {
			return
		}
		seen[key] = true
		actions = append(actions, CodeAction{Title: title, Kind: codeActionQuickFix, IsPreferred: preferred,
			Diagnostics: []Diagnostic{diag}, Edit: s.workspaceEdit(uri, version, edits)})
	}
	for i := range pub.findings {
		f := &pub.findings[i]
		diag := pub.diags[i]
		if !overlaps(diag.Range, p.Range) {
			continue
		}
		var allow *finding.Fix
		for k := range f.Fixes {
			fx := &f.Fixes[k]
			if fx.Suppress {
				allow = fx
				continue
			}
			if edits, ok := textEdits(t, fx.Edits, s.enc); ok {
				add(fx.Description, fx.Applicability == finding.Certain, diag, edits)
			}
		}
		if f.Rule == rules.UnusedSuppressionID {
			continue
		}
		if edits, ok := s.silenceHere(path, t, f, allow); ok {
			add(fmt.Sprintf("Silence %s here (rustaudit:allow comment)", f.Rule), false, diag, edits)
		}
		add(fmt.Sprintf("Silence %s in this file (rustaudit:allow-file comment)", f.Rule), false, diag,
			[]TextEdit{silenceFile(t, f.Rule)})
	}
	return actions
}

// textEdits converts a fix's edits, in byte offsets of t, into LSP edits. It fails when an
// edit lies outside t (the fix was made for another version of the file).
func textEdits(t *text, edits []finding.Edit, enc string) ([]TextEdit, bool) {
	out := make([]TextEdit, 0, len(edits))
	for _, e := range edits {
		a, b := e.Span.Start.Byte, e.Span.End.Byte
		if a < 0 || b < a || b > len(t.src) {
			return nil, false
		}
		out = append(out, TextEdit{Range: Range{Start: t.position(a, enc), End: t.position(b, enc)}, NewText: e.New})
	}
	return out, len(out) > 0
}

func wantsQuickFix(only []string) bool {
	for _, k := range only {
		if k == codeActionQuickFix || k == "" {
			return true
		}
	}
	return false
}

// overlaps reports whether two ranges share a position (an empty range touching the other
// counts: the cursor at the end of a finding).
func overlaps(a, b Range) bool {
	return !before(a.End, b.Start) && !before(b.End, a.Start)
}

func before(a, b Position) bool {
	return a.Line < b.Line || (a.Line == b.Line && a.Character < b.Character)
}

func (s *server) workspaceEdit(uri string, version *int, edits []TextEdit) *WorkspaceEdit {
	if s.docChanges {
		return &WorkspaceEdit{DocumentChanges: []TextDocumentEdit{{
			TextDocument: OptionalVersionedTextDocumentIdentifier{URI: uri, Version: version},
			Edits:        edits,
		}}}
	}
	return &WorkspaceEdit{Changes: map[string][]TextEdit{uri: edits}}
}

// silenceHere finds where a `// rustaudit:allow(<rule>)` comment silences f. The engine's
// own place comes first (allow: the fix it made from the syntax tree, above the statement,
// item, match arm or select! branch that holds f); else on its own line above f's line, else
// above the nearest enclosing line that starts further left (the start of the statement or
// item f is inside), else at the end of f's line. Each place is checked by analysing the
// file with the comment in it: the edit is offered only when the finding is then silenced.
func (s *server) silenceHere(path string, t *text, f *finding.Finding, allow *finding.Fix) ([]TextEdit, bool) {
	if allow != nil && s.silences(path, t.src, allow.Edits, f) {
		return textEdits(t, allow.Edits, s.enc)
	}
	row := f.Span.Start.Line - 1
	if row < 0 || row >= len(t.lines) {
		return nil, false
	}
	comment := fmt.Sprintf("// rustaudit:allow(%s) %s", f.Rule, reasonPlaceholder)
	for _, k := range candidateRows(t, row) {
		e := insertion(t, t.lines[k], indentOf(t.line(k))+comment+t.eol())
		if s.silences(path, t.src, []finding.Edit{e}, f) {
			return textEdits(t, []finding.Edit{e}, s.enc)
		}
	}
	// At the end of the finding's line.
	line := t.line(row)
	text := "  " + comment
	if len(line) > 0 && (line[len(line)-1] == ' ' || line[len(line)-1] == '\t') {
		text = comment
	}
	e := insertion(t, t.lines[row]+len(line), text)
	if s.silences(path, t.src, []finding.Edit{e}, f) {
		return textEdits(t, []finding.Edit{e}, s.enc)
	}
	return nil, false
}

// insertion is an edit that inserts text at byte offset at.
func insertion(t *text, at int, text string) finding.Edit {
	p := finding.Pos{Byte: at}
	return finding.Edit{Span: finding.Span{Start: p, End: p}, New: text}
}

// silences reports whether the edits (sorted, not overlapping) silence f: the file analysed
// with them has f, moved by the edits before it, suppressed.
func (s *server) silences(path string, src []byte, edits []finding.Edit, f *finding.Finding) bool {
	var edited []byte
	last, start := 0, f.Span.Start.Byte
	for _, e := range edits {
		a, b := e.Span.Start.Byte, e.Span.End.Byte
		if a < last || b < a || b > len(src) {
			return false
		}
		edited = append(append(edited, src[last:a]...), e.New...)
		last = b
		if b <= f.Span.Start.Byte {
			start += len(e.New) - (b - a)
		}
	}
	edited = append(edited, src[last:]...)
	for _, g := range s.session.Try(path, edited) {
		if g.Rule == f.Rule && g.Span.Start.Byte == start {
			return g.Suppressed
		}
	}
	return false
}

// candidateRows are the rows above which an own-line comment may silence a finding on row,
// innermost first: row itself, then each earlier row that starts further left than the rows
// after it (the start of an enclosing statement or item); a row that continues the one
// before it (`.await`, `})`, `else`) is no start, and the statement it continues starts at
// the same indentation or left of it. Blank and comment rows are skipped.
func candidateRows(t *text, row int) []int {
	var rows []int
	first := bytes.TrimLeft(t.line(row), " \t")
	cont := continues(first)
	if !cont {
		rows = append(rows, row)
	}
	min := len(t.line(row)) - len(first)
	for k := row - 1; k >= 0 && len(rows) < maxCandidates && (min > 0 || cont); k-- {
		l := t.line(k)
		trimmed := bytes.TrimLeft(l, " \t")
		if len(trimmed) == 0 || bytes.HasPrefix(trimmed, []byte("//")) {
			continue
		}
		if ind := len(l) - len(trimmed); ind < min || (ind == min && cont) {
			cont = continues(trimmed)
			if !cont {
				rows = append(rows, k)
			}
			min = ind
		}
	}
	return rows
}

// continues reports whether a row (without its indentation) continues the expression of
// the rows before it rather than starting a statement.
func continues(trimmed []byte) bool {
	for _, p := range []string{".", "?", ")", "]", "}", "else", "&&", "||", "=>", "as "} {
		if bytes.HasPrefix(trimmed, []byte(p)) {
			return true
		}
	}
	return false
}

func indentOf(line []byte) string {
	return string(line[:len(line)-len(bytes.TrimLeft(line, " \t"))])
}

// silenceFile inserts `// rustaudit:allow-file(<rule>)` at the top of the file (after a
// shebang line, which must stay first).
func silenceFile(t *text, rule string) TextEdit {
	row := 0
	if bytes.HasPrefix(t.src, []byte("#!")) && !bytes.HasPrefix(t.src, []byte("#![")) && len(t.lines) > 1 {
		row = 1
	}
	text := fmt.Sprintf("// rustaudit:allow-file(%s) TODO: say why this is fine in this file%s", rule, t.eol())
	return TextEdit{Range: Range{Start: Position{Line: row}, End: Position{Line: row}}, NewText: text}
}
