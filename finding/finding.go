// Package finding holds the values that cross from rustaudit's rules to its renderers:
// findings with their levels and positions, notifications, and what a report says about a
// rule. It imports nothing of rustaudit, so that report, baseline and scan can use these
// values without depending on the rules that produce them.
package finding

import (
	"fmt"
	"strings"
)

// Level is how serious a finding is. LevelAllow means the rule is off.
type Level int

const (
	LevelAllow Level = iota
	LevelNote
	LevelWarning
	LevelError
)

var levelNames = [...]string{"allow", "note", "warning", "error"}

func (l Level) String() string {
	if l < 0 || int(l) >= len(levelNames) {
		return fmt.Sprintf("Level(%d)", int(l))
	}
	return levelNames[l]
}

// ParseLevel reads a level name as written in configuration and on the command line.
func ParseLevel(s string) (Level, error) {
	for i, n := range levelNames {
		if strings.EqualFold(s, n) {
			return Level(i), nil
		}
	}
	return 0, fmt.Errorf("unknown level %q (valid: allow, note, warning, error)", s)
}

// Pos is a position in a file. Line and the columns are 1-based. parser.Position is the one
// place positions are converted from tree-sitter's.
type Pos struct {
	Line     int // 1-based line
	Col      int // 1-based column in Unicode characters (what text output shows)
	ColUTF16 int // 1-based column in UTF-16 code units (what SARIF wants)
	Byte     int // 0-based byte offset in the file
}

// Span is a half-open range [Start, End) in a file.
type Span struct {
	Start, End Pos
}

// Related is a secondary location of a finding, such as the `.await` a guard is held across.
type Related struct {
	Span    Span
	Message string
}

// Finding is the one result type every rule produces and every renderer reads.
type Finding struct {
	Rule    string // rule id, e.g. "detached_task"
	Level   Level
	Path    string // absolute, cleaned path of the file
	Span    Span   // the smallest useful span
	Message string
	Help    string   // how to fix it, one paragraph
	Notes   []string // extra notes
	Related []Related

	// Filled by the engine while the source is still in memory, so that renderers never
	// need to read files again.
	Snippet     string // the source line of Span.Start, without its line terminator (capped)
	Fingerprint string // GitHub's primaryLocationLineHash of Span.Start.Line

	Suppressed    bool   // silenced by an in-source rustaudit:allow comment
	Justification string // the reason written in that comment

	// Fixes are ways to resolve the finding, best first; each is applied whole or not at all.
	// A suppressed finding has none.
	Fixes []Fix
}

// Applicability says whether a fix can be applied without reading it, as Clippy's
// suggestions do (its MachineApplicable and MaybeIncorrect).
type Applicability int

const (
	// Certain: applying the fix cannot change what the program means beyond fixing the
	// bug the finding is about. `rustaudit scan --fix` applies these.
	Certain Applicability = iota + 1
	// NeedsReview: the fix is what the finding suggests, but whether it keeps the program
	// right depends on things rustaudit cannot see; a person must read it.
	NeedsReview
)

var applicabilityNames = [...]string{Certain: "certain", NeedsReview: "needs-review"}

func (a Applicability) String() string {
	if a < Certain || int(a) >= len(applicabilityNames) {
		return fmt.Sprintf("Applicability(%d)", int(a))
	}
	return applicabilityNames[a]
}

// Fix is one way to resolve a finding: edits to the finding's file, applied together.
type Fix struct {
	Description   string // what the fix does, as a sentence ("Add `biased;` ...")
	Applicability Applicability
	// Suppress marks a fix that silences the finding (a rustaudit:allow comment) rather than
	// changing the code: it is applied only when asked for by name.
	Suppress bool
	Edits    []Edit // in the finding's file, not overlapping, sorted by position
}

// Edit replaces the bytes from Span.Start.Byte to Span.End.Byte (none, for an insertion)
// with New. Lines and columns are there for renderers.
type Edit struct {
	Span Span
	New  string
}

// Notification is something the tool could not do: a file it could not read or parse, a rule
// that panicked. It is not a finding about the code.
type Notification struct {
	Path    string // absolute path, or "" when not about one file
	Line    int    // 1-based, 0 when unknown
	Level   Level  // LevelError when part of the input could not be analysed; LevelWarning otherwise
	Rule    string // the rule involved, if any
	Message string
}

// RuleInfo is what a report says about a rule: its metadata, without its code.
type RuleInfo struct {
	ID          string
	Summary     string // one line
	Description string // the first paragraph of its documentation's "What it does"
	Level       Level  // its default level
	Tags        []string
	Precision   string
	Doc         string // its documentation, markdown
}
