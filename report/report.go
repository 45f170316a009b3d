// Package report renders rustaudit's findings as rustc-style text, versioned JSON, SARIF
// 2.1.0 for GitHub code scanning, and GitHub Actions workflow commands. Every renderer reads
// only the findings, notifications and options it is given: never the source files.
package report

import (
	"path/filepath"
	"strings"
	"unicode"

	"github.com/rustaudit/rustaudit/finding"
)

// Options are the settings shared by every renderer.
type Options struct {
	CWD            string                   // text/json paths are relative to this
	RepoRoot       string                   // sarif/github paths are relative to this (the git root; or CWD when none)
	Color          bool                     // text only
	ToolVersion    string                   // e.g. "0.3.0" or "v0.3.0-5-gabcdef"
	Category       string                   // sarif runAutomationDetails.id, only when non-empty
	Levels         map[string]finding.Level // effective level per rule id; missing = rule default
	ShowSuppressed bool                     // text/json: include suppressed findings; SARIF always keeps them, marked
	Rules          []finding.RuleInfo       // rules to describe in SARIF tool.driver.rules (normally rules.Infos(rules.All))
}

// ToolName and InformationURI describe rustaudit in machine-readable reports.
const (
	ToolName       = "rustaudit"
	InformationURI = "https://github.com/rustaudit/rustaudit"
)

// levelOf returns the effective level of rule r under o.
func (o Options) levelOf(r finding.RuleInfo) finding.Level {
	if l, ok := o.Levels[r.ID]; ok {
		return l
	}
	return r.Level
}

// visible returns the findings text and JSON show: all of them with ShowSuppressed,
// otherwise those not suppressed in source.
func (o Options) visible(fs []finding.Finding) []finding.Finding {
	if o.ShowSuppressed {
		return fs
	}
	out := make([]finding.Finding, 0, len(fs))
	for _, f := range fs {
		if !f.Suppressed {
			out = append(out, f)
		}
	}
	return out
}

// relPath returns path relative to base when it can be expressed so, otherwise path
// itself. An empty base leaves path unchanged.
func relPath(base, path string) string {
	if base == "" || path == "" {
		return path
	}
	rel, err := filepath.Rel(base, path)
	if err != nil {
		return path
	}
	return rel
}

// insideRel returns path relative to root with forward slashes, and false when path is not
// below root (then the path is returned absolute, with forward slashes).
func insideRel(root, path string) (string, bool) {
	if root != "" {
		if rel, err := filepath.Rel(root, path); err == nil && filepath.IsLocal(rel) {
			return filepath.ToSlash(rel), true
		}
	}
	return filepath.ToSlash(path), false
}

// levelName is the name of a finding's level in every format. A finding never has
// LevelAllow (the rule would be off); should one arrive, it is shown as a note.
func levelName(l finding.Level) string {
	switch {
	case l >= finding.LevelError:
		return "error"
	case l == finding.LevelWarning:
		return "warning"
	}
	return "note"
}

// notificationLevel is the level of a notification; an unset level reads as warning.
func notificationLevel(l finding.Level) string {
	if l == finding.LevelAllow {
		return "warning"
	}
	return levelName(l)
}

// camelCase turns a rule id such as "lock_across_await" into "LockAcrossAwait".
func camelCase(id string) string {
	var b strings.Builder
	up := true
	for _, r := range id {
		switch {
		case r == '_' || r == '-' || r == ' ':
			up = true
		case up:
			b.WriteRune(unicode.ToUpper(r))
			up = false
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// sentence returns s ending with a full stop unless it already ends with punctuation.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s[len(s)-1:], ".!?:") {
		return s
	}
	return s + "."
}
