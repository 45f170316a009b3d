package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/rustaudit/rustaudit/rules"
)

// settingsFlags are the flags that choose rule levels: --enable, --disable, --level.
type settingsFlags struct {
	enable, disable, levels []string
	config                  string
}

func (sf *settingsFlags) register(c *cobra.Command) {
	c.Flags().StringArrayVar(&sf.enable, "enable", nil, "enable a rule that is off by default (repeatable)")
	c.Flags().StringArrayVar(&sf.disable, "disable", nil, "disable a rule (repeatable)")
	c.Flags().StringArrayVar(&sf.levels, "level", nil, "set a rule's level: ID=allow|note|warning|error (repeatable)")
}

// loaded is the configuration in force: rule settings and path exclusions.
type loaded struct {
	settings *rules.Settings
	exclude  func(string) bool
}

func checkID(id string) error {
	if rules.ByID(id) == nil {
		return usageErr("unknown rule %q (valid: %s)", id, strings.Join(rules.IDs(), ", "))
	}
	return nil
}

// load builds the settings for a run over paths: command-line flags override configuration.
func (sf *settingsFlags) load(paths []string) (*loaded, error) {
	st := &rules.Settings{Levels: map[string]rules.Level{}, Options: map[string]map[string]any{}}
	for _, id := range sf.enable {
		if err := checkID(id); err != nil {
			return nil, err
		}
		r := rules.ByID(id)
		lvl := r.Level
		if lvl == rules.LevelAllow {
			lvl = rules.LevelWarning
		}
		st.Levels[id] = lvl
	}
	for _, id := range sf.disable {
		if err := checkID(id); err != nil {
			return nil, err
		}
		st.Levels[id] = rules.LevelAllow
	}
	for _, kv := range sf.levels {
		id, lv, ok := strings.Cut(kv, "=")
		if !ok {
			return nil, usageErr("--level wants ID=LEVEL, got %q", kv)
		}
		if err := checkID(id); err != nil {
			return nil, err
		}
		l, err := rules.ParseLevel(lv)
		if err != nil {
			return nil, usageErr("--level %s: %v", kv, err)
		}
		st.Levels[id] = l
	}
	return &loaded{settings: st}, nil
}
