package report

import (
	"encoding/json"
	"io"
	"path/filepath"

	"github.com/rustaudit/rustaudit/finding"
)

// JSONVersion is the version of the JSON document; it changes only when a field changes
// meaning or goes away (new fields may be added within a version).
const JSONVersion = 1

// The JSON document. Structs (not maps) keep the key order stable; slices are never nil,
// so that arrays are always arrays.
type (
	jsonDoc struct {
		Version  int           `json:"version"`
		Tool     jsonTool      `json:"tool"`
		Findings []jsonFinding `json:"findings"`
		Errors   []jsonError   `json:"errors"`
	}
	jsonTool struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	jsonFinding struct {
		Rule          string        `json:"rule"`
		Level         string        `json:"level"`
		Path          string        `json:"path"`
		Start         jsonPos       `json:"start"`
		End           jsonPos       `json:"end"`
		Message       string        `json:"message"`
		Help          string        `json:"help"`
		Notes         []string      `json:"notes"`
		Related       []jsonRelated `json:"related"`
		Fingerprint   string        `json:"fingerprint"`
		Suppressed    bool          `json:"suppressed,omitempty"`
		Justification string        `json:"justification,omitempty"`
		Fixes         []jsonFix     `json:"fixes"`
	}
	// jsonFix is one way to resolve a finding: its edits are applied together. suppress
	// marks the fix that silences the finding with a rustaudit:allow comment.
	jsonFix struct {
		Description   string     `json:"description"`
		Applicability string     `json:"applicability"` // "certain" or "needs-review"
		Suppress      bool       `json:"suppress,omitempty"`
		Edits         []jsonEdit `json:"edits"`
	}
	// jsonEdit replaces the text from start to end (exclusive; equal for an insertion) with
	// replacement. The byte offsets say the same in bytes of the file, from 0.
	jsonEdit struct {
		Start       jsonPos `json:"start"`
		End         jsonPos `json:"end"`
		StartByte   int     `json:"startByte"`
		EndByte     int     `json:"endByte"`
		Replacement string  `json:"replacement"`
	}
	// jsonPos is a 1-based line and column, the column counted in characters (Unicode code
	// points). An end position is exclusive.
	jsonPos struct {
		Line   int `json:"line"`
		Column int `json:"column"`
	}
	jsonRelated struct {
		Path    string  `json:"path"`
		Start   jsonPos `json:"start"`
		End     jsonPos `json:"end"`
		Message string  `json:"message"`
	}
	jsonError struct {
		Path    string `json:"path"` // "" when not about one file
		Line    int    `json:"line"` // 0 when unknown
		Rule    string `json:"rule"` // "" when no rule is involved
		Message string `json:"message"`
		Level   string `json:"level"`
	}
)

// JSON writes one versioned JSON document holding the findings (without the suppressed ones
// unless o.ShowSuppressed) and the notifications, as "errors". Paths are relative to o.CWD,
// with forward slashes.
func JSON(w io.Writer, fs []finding.Finding, notes []finding.Notification, o Options) error {
	doc := jsonDoc{
		Version:  JSONVersion,
		Tool:     jsonTool{Name: ToolName, Version: o.ToolVersion},
		Findings: []jsonFinding{},
		Errors:   []jsonError{},
	}
	for _, f := range o.visible(fs) {
		path := jsonPath(o.CWD, f.Path)
		jf := jsonFinding{
			Rule:          f.Rule,
			Level:         levelName(f.Level),
			Path:          path,
			Start:         jsonPos{f.Span.Start.Line, f.Span.Start.Col},
			End:           jsonPos{f.Span.End.Line, f.Span.End.Col},
			Message:       f.Message,
			Help:          f.Help,
			Notes:         append([]string{}, f.Notes...),
			Related:       []jsonRelated{},
			Fingerprint:   f.Fingerprint,
			Suppressed:    f.Suppressed,
			Justification: f.Justification,
			Fixes:         []jsonFix{},
		}
		for _, r := range f.Related {
			jf.Related = append(jf.Related, jsonRelated{
				Path:    path,
				Start:   jsonPos{r.Span.Start.Line, r.Span.Start.Col},
				End:     jsonPos{r.Span.End.Line, r.Span.End.Col},
				Message: r.Message,
			})
		}
		for _, fx := range f.Fixes {
			jx := jsonFix{Description: fx.Description, Applicability: fx.Applicability.String(), Suppress: fx.Suppress, Edits: []jsonEdit{}}
			for _, e := range fx.Edits {
				jx.Edits = append(jx.Edits, jsonEdit{
					Start:       jsonPos{e.Span.Start.Line, e.Span.Start.Col},
					End:         jsonPos{e.Span.End.Line, e.Span.End.Col},
					StartByte:   e.Span.Start.Byte,
					EndByte:     e.Span.End.Byte,
					Replacement: e.New,
				})
			}
			jf.Fixes = append(jf.Fixes, jx)
		}
		doc.Findings = append(doc.Findings, jf)
	}
	for _, n := range notes {
		doc.Errors = append(doc.Errors, jsonError{
			Path:    jsonPath(o.CWD, n.Path),
			Line:    n.Line,
			Rule:    n.Rule,
			Message: n.Message,
			Level:   notificationLevel(n.Level),
		})
	}
	return writeJSON(w, doc)
}

func jsonPath(cwd, path string) string {
	return filepath.ToSlash(relPath(cwd, path))
}

// writeJSON writes v indented by two spaces, without escaping <, > and & (Rust code is full
// of them), and ending with a newline.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
