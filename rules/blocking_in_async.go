package rules

import (
	_ "embed"
)

//go:embed blocking_in_async.md
var blockingInAsyncDoc string

// BlockingInAsync is the `blocking_in_async` rule.
var BlockingInAsync = &Rule{
	ID:        "blocking_in_async",
	Summary:   "calls a blocking function inside async code, stalling the executor thread",
	Level:     LevelWarning,
	Since:     "0.1.0",
	Tags:      []string{"async", "performance", "concurrency"},
	Precision: "high",
	Doc:       blockingInAsyncDoc,
}
