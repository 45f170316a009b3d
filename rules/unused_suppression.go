package rules

import (
	_ "embed"

	"github.com/rustaudit/rustaudit/parser"
)

//go:embed unused_suppression.md
var unusedSuppressionDoc string

// UnusedSuppressionID is the id of the rule that reports rustaudit:allow comments that
// silenced nothing.
const UnusedSuppressionID = "unused_suppression"

// UnusedSuppression is the `unused_suppression` rule. Its findings need every finding of
// the file, including those settled against crate-wide facts, so the engine produces them
// in Settle from the file's directives (see suppress.go); Check has nothing to do.
var UnusedSuppression = &Rule{
	ID:        UnusedSuppressionID,
	Summary:   "a `rustaudit:allow` comment that silences no finding",
	Level:     LevelAllow,
	Since:     "0.1.0",
	Tags:      []string{"maintainability"},
	Precision: "very-high",
	Doc:       unusedSuppressionDoc,
	Kinds:     []parser.Kind{parser.KLineComment},
	Check:     func(*Pass, parser.NodeID) {},
}
