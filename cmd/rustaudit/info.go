package main

import (
	"fmt"
	"runtime/debug"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/rustaudit/rustaudit/rules"
)

func toolVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return strings.TrimPrefix(bi.Main.Version, "v")
	}
	return "0.1.0-dev"
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print rustaudit's version",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			fmt.Fprintf(c.OutOrStdout(), "rustaudit %s\n", toolVersion())
			return nil
		},
	}
}

func newRulesCmd() *cobra.Command {
	var sf settingsFlags
	c := &cobra.Command{
		Use:   "rules",
		Short: "List every rule with its effective level and summary",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			st, err := sf.load(nil)
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(c.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "RULE\tLEVEL\tSUMMARY")
			for _, r := range rules.All {
				lvl := st.settings.LevelOf(r)
				name := lvl.String()
				if lvl != r.Level {
					name += " (default " + r.Level.String() + ")"
				}
				fmt.Fprintf(w, "%s\t%s\t%s\n", r.ID, name, r.Summary)
			}
			return w.Flush()
		},
	}
	sf.register(c)
	return c
}

func newExplainCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "explain RULE",
		Short: "Print a rule's documentation",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			r := rules.ByID(args[0])
			if r == nil {
				return usageErr("unknown rule %q (valid: %s)", args[0], strings.Join(rules.IDs(), ", "))
			}
			fmt.Fprintf(c.OutOrStdout(), "%s (default level: %s, since %s; at most, by context: %s)\n\n%s", r.ID, r.Level, r.Since, r.ContextLevels(), r.Doc)
			if !strings.HasSuffix(r.Doc, "\n") {
				fmt.Fprintln(c.OutOrStdout())
			}
			return nil
		},
	}
}
