package main

import (
	"context"
	"errors"
	"io"
	"os"
	"os/signal"
	"runtime"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/rustaudit/rustaudit/lsp"
)

func newLSPCmd() *cobra.Command {
	var sf settingsFlags
	var jobs int
	c := &cobra.Command{
		Use:   "lsp",
		Short: "Run a language server over standard input and output (for editors)",
		Long: `Run a language server (LSP) over standard input and output, for editors.

The server scans the workspace once, keeps the analysis in memory and analyses a file again
from the editor's buffer on every change. It publishes diagnostics with the rule id as the
code and a link to the rule's documentation, and offers code actions that insert the
rustaudit:allow comment silencing a finding. The configuration is found as for scan, from
the workspace root (or from --config); --enable, --disable and --level apply on top.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if jobs < 1 {
				return usageErr("--jobs must be at least 1, got %d", jobs)
			}
			// Flags are checked before the editor connects: a bad one is a usage error now.
			for _, ids := range [][]string{sf.enable, sf.disable} {
				for _, id := range ids {
					if err := checkID(id); err != nil {
						return err
					}
				}
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			err := lsp.Serve(ctx, stdio{}, lsp.Options{Load: func(root string) (lsp.Config, error) {
				l, err := sf.load([]string{root})
				if err != nil {
					var ee *exitError
					if errors.As(err, &ee) && ee.err != nil {
						err = ee.err
					}
					return lsp.Config{}, err
				}
				return lsp.Config{Settings: l.settings, Exclude: l.exclude, Path: l.path}, nil
			}, Jobs: jobs, Version: toolVersion()})
			if errors.Is(err, lsp.ErrNoShutdown) {
				return &exitError{code: 1}
			}
			return err
		},
	}
	c.Flags().IntVarP(&jobs, "jobs", "j", runtime.NumCPU(), "number of files the first scan analyses in parallel")
	sf.register(c)
	return c
}

// stdio is the connection to the editor: standard input and output.
type stdio struct{}

func (stdio) Read(p []byte) (int, error)  { return os.Stdin.Read(p) }
func (stdio) Write(p []byte) (int, error) { return os.Stdout.Write(p) }
func (stdio) Close() error {
	err := os.Stdin.Close()
	if e := os.Stdout.Close(); err == nil {
		err = e
	}
	return err
}

var _ io.ReadWriteCloser = stdio{}
