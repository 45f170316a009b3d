package rules

import (
	_ "embed"
)

//go:embed pending_without_waker.md
var pendingWithoutWakerDoc string

// PendingWithoutWaker is the `pending_without_waker` rule.
var PendingWithoutWaker = &Rule{
	ID:        "pending_without_waker",
	Summary:   "returns `Poll::Pending` without registering the task's waker, so the task may never be polled again",
	Level:     LevelError,
	Since:     "0.1.0",
	Tags:      []string{"async", "correctness", "concurrency"},
	Precision: "high",
	Doc:       pendingWithoutWakerDoc,
}
