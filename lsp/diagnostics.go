package lsp

import (
	"os"
	"sort"
	"strings"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/report"
	"github.com/rustaudit/rustaudit/rules"
)

// ruleDocURL is where a rule's documentation is read: its rules/<id>.md.
func ruleDocURL(id string) string {
	return report.InformationURI + "/blob/main/rules/" + id + ".md"
}

func severity(l rules.Level) int {
	switch l {
	case rules.LevelError:
		return severityError
	case rules.LevelWarning:
		return severityWarning
	}
	return severityInformation
}

// message is a finding's message with its help and notes, as the text report shows them.
func message(f *finding.Finding) string {
	var b strings.Builder
	b.WriteString(f.Message)
	if f.Help != "" {
		b.WriteString("\nhelp: ")
		b.WriteString(f.Help)
	}
	for _, n := range f.Notes {
		b.WriteString("\nnote: ")
		b.WriteString(n)
	}
	return b.String()
}

// converter turns a file's spans into ranges.
type converter func(finding.Span) Range

// converterFor returns the span converter of path: over the buffer its result was analysed
// from when it is open; else over the file on disk for UTF-8, or from the engine's own UTF-16
// columns.
func (s *server) converterFor(path string) converter {
	if snap := s.analysed[path]; snap != nil {
		return func(sp finding.Span) Range { return snap.text.spanRange(sp, s.enc) }
	}
	if s.enc == encodingUTF8 {
		if src, err := os.ReadFile(path); err == nil {
			t := newText(src)
			return func(sp finding.Span) Range { return t.spanRange(sp, s.enc) }
		}
	}
	return spanRangeWithout
}

func (s *server) diagnostic(f *finding.Finding, uri string, conv converter) Diagnostic {
	d := Diagnostic{
		Range:           conv(f.Span),
		Severity:        severity(f.Level),
		Code:            f.Rule,
		CodeDescription: &CodeDescription{Href: ruleDocURL(f.Rule)},
		Source:          "rustaudit",
		Message:         message(f),
	}
	for _, r := range f.Related {
		d.RelatedInformation = append(d.RelatedInformation, DiagnosticRelatedInformation{
			Location: Location{URI: uri, Range: conv(r.Span)}, Message: r.Message})
	}
	return d
}

// shownNote reports whether a notification belongs in the editor as a diagnostic of its file:
// an invalid rustaudit:allow comment, or a file whose findings are not reported because no
// target compiles it. The rest (syntax errors, which the compiler's own server shows better;
// a rule that crashed) goes to the log.
func shownNote(n *finding.Notification) bool {
	return n.Path != "" && (rules.IsSuppressionError(*n) || strings.HasPrefix(n.Message, "not compiled:"))
}

// publish sends the diagnostics of every file of the given crates whose diagnostics changed,
// and of the files in forced (analysed again from a new buffer: the client learns that this
// version is done). findings and notes are what settling those crates gave. Callers hold
// s.work.
func (s *server) publish(crates map[string]bool, findings []finding.Finding, notes []finding.Notification, forced map[string]bool) {
	byPath := map[string][]finding.Finding{}
	for _, f := range findings {
		if !f.Suppressed {
			byPath[f.Path] = append(byPath[f.Path], f)
		}
	}
	notesBy := map[string][]finding.Notification{}
	for _, n := range notes {
		switch {
		case shownNote(&n):
			notesBy[n.Path] = append(notesBy[n.Path], n)
		case n.Rule != "" && n.Level == rules.LevelError:
			s.log(messageError, "%s:%d: %s", n.Path, n.Line, n.Message)
		}
	}
	paths := map[string]bool{}
	for p := range byPath {
		paths[p] = true
	}
	for p := range notesBy {
		paths[p] = true
	}
	for p, pub := range s.published {
		if crates[pub.crate] {
			paths[p] = true
		}
	}
	for p := range forced {
		paths[p] = true
	}
	sorted := make([]string, 0, len(paths))
	for p := range paths {
		sorted = append(sorted, p)
	}
	sort.Strings(sorted)
	for _, path := range sorted {
		s.mu.Lock()
		doc := s.docs[path]
		s.mu.Unlock()
		uri := pathToURI(path)
		var version *int
		if snap := s.analysed[path]; snap != nil && doc != nil {
			uri = snap.uri
			v := snap.version
			version = &v
		}
		fs := byPath[path]
		diags := make([]Diagnostic, 0, len(fs)+len(notesBy[path]))
		if len(fs)+len(notesBy[path]) > 0 {
			conv := s.converterFor(path)
			for i := range fs {
				diags = append(diags, s.diagnostic(&fs[i], uri, conv))
			}
			for _, n := range notesBy[path] {
				line := max(n.Line-1, 0)
				diags = append(diags, Diagnostic{Range: Range{Start: Position{Line: line}, End: Position{Line: line}},
					Severity: severity(n.Level), Source: "rustaudit", Message: n.Message})
			}
		}
		old := s.published[path]
		if old != nil && equalDiags(old.diags, diags) && !forced[path] {
			old.findings = fs
			continue
		}
		if old == nil && len(diags) == 0 && !forced[path] {
			continue
		}
		s.notify("textDocument/publishDiagnostics", PublishDiagnosticsParams{URI: uri, Version: version, Diagnostics: diags})
		if len(diags) == 0 {
			delete(s.published, path)
			continue
		}
		s.published[path] = &published{uri: uri, crate: s.session.CrateOf(path), diags: diags, findings: fs, version: version}
	}
}
