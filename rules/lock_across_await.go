package rules

import (
	_ "embed"
)

//go:embed lock_across_await.md
var lockAcrossAwaitDoc string

// LockAcrossAwait is the `lock_across_await` rule.
var LockAcrossAwait = &Rule{
	ID:        "lock_across_await",
	Summary:   "holds a synchronous lock guard or `RefCell` borrow across an `.await`",
	Level:     LevelWarning,
	Since:     "0.1.0",
	Tags:      []string{"async", "correctness", "concurrency"},
	Precision: "high",
	Doc:       lockAcrossAwaitDoc,
}
