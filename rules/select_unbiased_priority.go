package rules

import (
	_ "embed"
)

//go:embed select_unbiased_priority.md
var selectUnbiasedPriorityDoc string

// SelectUnbiasedPriority is the `select_unbiased_priority` rule.
var SelectUnbiasedPriority = &Rule{
	ID:        "select_unbiased_priority",
	Summary:   "puts a shutdown branch first in a `select!` without `biased;`, so it is not checked first",
	Level:     LevelAllow,
	Since:     "0.1.0",
	Tags:      []string{"async", "correctness"},
	Precision: "medium",
	Doc:       selectUnbiasedPriorityDoc,
}
