package rules

import "github.com/rustaudit/rustaudit/finding"

// Level and its values are named here too because every rule's definition says its default
// level (`Level: LevelWarning`); the type itself lives in package finding.
type Level = finding.Level

const (
	LevelAllow   = finding.LevelAllow
	LevelNote    = finding.LevelNote
	LevelWarning = finding.LevelWarning
	LevelError   = finding.LevelError
)
