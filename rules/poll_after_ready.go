package rules

import (
	_ "embed"
)

//go:embed poll_after_ready.md
var pollAfterReadyDoc string

// PollAfterReady is the `poll_after_ready` rule.
var PollAfterReady = &Rule{
	ID:        "poll_after_ready",
	Summary:   "may poll a future again after it returned `Ready`, which can panic or misbehave",
	Level:     LevelWarning,
	Since:     "0.1.0",
	Tags:      []string{"async", "correctness"},
	Precision: "medium",
	Doc:       pollAfterReadyDoc,
}
