package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/rustaudit/rustaudit/scan"
)

// TEMPORARY until package report lands: plain one-line-per-finding output.
type reportOptions struct {
	CWD, RepoRoot, ToolVersion, Category string
	Color, ShowSuppressed                bool
	Levels                               any
	Rules                                any
}

func render(w io.Writer, format string, res *scan.Result, o reportOptions) error {
	for _, f := range res.Findings {
		p, _ := filepath.Rel(o.CWD, f.Path)
		fmt.Fprintf(w, "%s:%d:%d: %s[%s]: %s\n", p, f.Span.Start.Line, f.Span.Start.Col, f.Level, f.Rule, f.Message)
	}
	return nil
}

func renderNotifications(w io.Writer, res *scan.Result, o reportOptions) {
	for _, n := range res.Notifications {
		fmt.Fprintf(w, "%s: %s:%d: %s\n", n.Level, n.Path, n.Line, n.Message)
	}
}
