package rules

import (
	_ "embed"
)

//go:embed unbounded_channel.md
var unboundedChannelDoc string

// UnboundedChannel is the `unbounded_channel` rule.
var UnboundedChannel = &Rule{
	ID:        "unbounded_channel",
	Summary:   "creates an unbounded channel, which has no backpressure",
	Level:     LevelNote,
	Since:     "0.1.0",
	Tags:      []string{"async", "performance"},
	Precision: "very-high",
	Doc:       unboundedChannelDoc,
}
