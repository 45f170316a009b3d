package rules

import (
	_ "embed"
)

//go:embed unchecked_pin_projection.md
var uncheckedPinProjectionDoc string

// UncheckedPinProjection is the `unchecked_pin_projection` rule.
var UncheckedPinProjection = &Rule{
	ID:        "unchecked_pin_projection",
	Summary:   "projects a pin with `unsafe` or implements `Unpin` by hand where `pin-project` would be safe",
	Level:     LevelNote,
	Since:     "0.1.0",
	Tags:      []string{"async", "correctness"},
	Precision: "high",
	Doc:       uncheckedPinProjectionDoc,
}
