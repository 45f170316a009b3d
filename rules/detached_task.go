package rules

import (
	_ "embed"
)

//go:embed detached_task.md
var detachedTaskDoc string

// DetachedTask is the `detached_task` rule.
var DetachedTask = &Rule{
	ID:        "detached_task",
	Summary:   "spawns a task that can run forever and drops its `JoinHandle`, so nothing can stop it",
	Level:     LevelWarning,
	Since:     "0.1.0",
	Tags:      []string{"async", "correctness", "concurrency"},
	Precision: "high",
	Doc:       detachedTaskDoc,
}
