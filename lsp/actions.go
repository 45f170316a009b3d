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

// codeActions offers, for each finding in the range, the comment that silences it there and
// the one that silences its rule in the whole file.
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
	// Answer for the buffer as it is now.
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
	seen := map[string]bool{}
	for i := range pub.findings {
		f := &pub.findings[i]
		diag := pub.diags[i]
		if f.Rule == rules.UnusedSuppressionID || !overlaps(diag.Range, p.Range) {
			continue
		}
		if e, ok := s.silenceHere(path, t, f); ok && !seen["here "+f.Rule+fmt.Sprint(e.Range)] {
			seen["here "+f.Rule+fmt.Sprint(e.Range)] = true
			actions = append(actions, CodeAction{
				Title: fmt.Sprintf("Silence %s here (rustaudit:allow comment)", f.Rule), Kind: codeActionQuickFix,
				Diagnostics: []Diagnostic{diag}, Edit: s.workspaceEdit(p.TextDocument.URI, version, e),
			})
		}
		if !seen["file "+f.Rule] {
			seen["file "+f.Rule] = true
			actions = append(actions, CodeAction{
				Title: fmt.Sprintf("Silence %s in this file (rustaudit:allow-file comment)", f.Rule), Kind: codeActionQuickFix,
				Diagnostics: []Diagnostic{diag}, Edit: s.workspaceEdit(p.TextDocument.URI, version, silenceFile(t, f.Rule)),
			})
		}
	}
	return actions
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

func (s *server) workspaceEdit(uri string, version *int, e TextEdit) *WorkspaceEdit {
	if s.docChanges {
		return &WorkspaceEdit{DocumentChanges: []TextDocumentEdit{{
			TextDocument: OptionalVersionedTextDocumentIdentifier{URI: uri, Version: version},
			Edits:        []TextEdit{e},
		}}}
	}
	return &WorkspaceEdit{Changes: map[string][]TextEdit{uri: {e}}}
}

// silenceHere finds where a `// rustaudit:allow(<rule>)` comment silences f: on its own line
// above f's line, else above the nearest enclosing line that starts further left (the start
// of the statement or item f is inside, as suppress.go wants it), else at the end of f's line.
// Each place is checked by analysing the file with the comment in it: the edit is offered
// only when the finding is then silenced.
func (s *server) silenceHere(path string, t *text, f *finding.Finding) (TextEdit, bool) {
	row := f.Span.Start.Line - 1
	if row < 0 || row >= len(t.lines) {
		return TextEdit{}, false
	}
	comment := fmt.Sprintf("// rustaudit:allow(%s) %s", f.Rule, reasonPlaceholder)
	for _, k := range candidateRows(t, row) {
		insert := indentOf(t.line(k)) + comment + t.eol()
		at := t.lines[k]
		if s.silences(path, t.src, at, insert, f, len(insert)) {
			return TextEdit{Range: Range{Start: Position{Line: k}, End: Position{Line: k}}, NewText: insert}, true
		}
	}
	// At the end of the finding's line.
	line := t.line(row)
	insert := "  " + comment
	if len(line) > 0 && (line[len(line)-1] == ' ' || line[len(line)-1] == '\t') {
		insert = comment
	}
	at := t.lines[row] + len(line)
	if s.silences(path, t.src, at, insert, f, 0) {
		end := Position{Line: row, Character: units(line, s.enc)}
		return TextEdit{Range: Range{Start: end, End: end}, NewText: insert}, true
	}
	return TextEdit{}, false
}

// silences reports whether inserting text at byte offset at silences f, which then starts
// shift bytes later.
func (s *server) silences(path string, src []byte, at int, text string, f *finding.Finding, shift int) bool {
	edited := make([]byte, 0, len(src)+len(text))
	edited = append(edited, src[:at]...)
	edited = append(edited, text...)
	edited = append(edited, src[at:]...)
	for _, g := range s.session.Try(path, edited) {
		if g.Rule == f.Rule && g.Span.Start.Byte == f.Span.Start.Byte+shift {
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
