package rules

import (
	_ "embed"
)

//go:embed select_cancel_unsafe.md
var selectCancelUnsafeDoc string

// SelectCancelUnsafe is the `select_cancel_unsafe` rule.
var SelectCancelUnsafe = &Rule{
	ID:        "select_cancel_unsafe",
	Summary:   "polls a future that is not cancellation safe in a `select!` inside a loop, so its progress is lost when another branch wins",
	Level:     LevelWarning,
	Since:     "0.1.0",
	Tags:      []string{"async", "correctness", "concurrency"},
	Precision: "high",
	Doc:       selectCancelUnsafeDoc,
}
