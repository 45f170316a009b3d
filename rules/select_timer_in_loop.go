package rules

import (
	_ "embed"
)

//go:embed select_timer_in_loop.md
var selectTimerInLoopDoc string

// SelectTimerInLoop is the `select_timer_in_loop` rule.
var SelectTimerInLoop = &Rule{
	ID:        "select_timer_in_loop",
	Summary:   "creates a timer inside a `select!` in a loop, so it restarts on every iteration and may never fire",
	Level:     LevelWarning,
	Since:     "0.1.0",
	Tags:      []string{"async", "correctness"},
	Precision: "high",
	Doc:       selectTimerInLoopDoc,
}
