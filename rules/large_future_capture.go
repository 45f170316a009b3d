package rules

import (
	_ "embed"
)

//go:embed large_future_capture.md
var largeFutureCaptureDoc string

// LargeFutureCapture is the `large_future_capture` rule.
var LargeFutureCapture = &Rule{
	ID:        "large_future_capture",
	Summary:   "holds a large array across an `.await`, so it is stored inside the future",
	Level:     LevelWarning,
	Since:     "0.1.0",
	Tags:      []string{"async", "performance"},
	Precision: "high",
	Doc:       largeFutureCaptureDoc,
}
