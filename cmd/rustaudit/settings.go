package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/rustaudit/rustaudit/config"
	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/rules"
)

// settingsFlags are the flags that choose the configuration and rule levels: --config,
// --enable, --disable, --level.
type settingsFlags struct {
	enable, disable, levels []string
	config                  string
}

func (sf *settingsFlags) register(c *cobra.Command) {
	c.Flags().StringVar(&sf.config, "config", "", "read the configuration from FILE (a rustaudit.toml, or a Cargo.toml with [package.metadata.rustaudit]) instead of searching for one")
	c.Flags().StringArrayVar(&sf.enable, "enable", nil, "enable a rule that is off by default (repeatable)")
	c.Flags().StringArrayVar(&sf.disable, "disable", nil, "disable a rule (repeatable)")
	c.Flags().StringArrayVar(&sf.levels, "level", nil, "set a rule's level: ID=allow|note|warning|error (repeatable)")
}

// loaded is the configuration in force: rule settings and path exclusions.
type loaded struct {
	settings *rules.Settings
	exclude  func(string) bool
	// path is the configuration file that was used, "" when none.
	path string
}

func checkID(id string) error {
	if rules.ByID(id) == nil {
		return usageErr("unknown rule %q (valid: %s)", id, strings.Join(rules.IDs(), ", "))
	}
	return nil
}

// load builds the settings for a run over paths: the configuration file given with --config,
// or the one found from the first path (the working directory when there is none) up to the
// repository root; then the command-line flags, which override it. An invalid configuration
// is a usage error (exit 2).
func (sf *settingsFlags) load(paths []string) (*loaded, error) {
	var cfg *config.Config
	var err error
	if sf.config != "" {
		cfg, err = config.Load(sf.config, rules.All)
	} else {
		start := "."
		if len(paths) > 0 {
			start = paths[0]
		}
		cfg, err = config.Discover(start, rules.All)
	}
	if err != nil {
		return nil, &exitError{code: 2, err: err}
	}
	st := cfg.Settings
	for _, id := range sf.enable {
		if err := checkID(id); err != nil {
			return nil, err
		}
		cur, set := st.Levels[id]
		switch {
		case set && cur != finding.LevelAllow:
			// Already on through the configuration: keep its level.
		case rules.ByID(id).Level == finding.LevelAllow:
			st.Levels[id] = finding.LevelWarning
		default:
			// Back to the default level, which keeps the rule's own per-case levels.
			delete(st.Levels, id)
		}
	}
	for _, id := range sf.disable {
		if err := checkID(id); err != nil {
			return nil, err
		}
		st.Levels[id] = finding.LevelAllow
	}
	for _, kv := range sf.levels {
		id, lv, ok := strings.Cut(kv, "=")
		if !ok {
			return nil, usageErr("--level wants ID=LEVEL, got %q", kv)
		}
		if err := checkID(id); err != nil {
			return nil, err
		}
		l, err := finding.ParseLevel(lv)
		if err != nil {
			return nil, usageErr("--level %s: %v", kv, err)
		}
		st.Levels[id] = l
	}
	l := &loaded{settings: st, path: cfg.Path}
	if len(cfg.Exclude) > 0 {
		l.exclude = cfg.Excluded
	}
	return l, nil
}
