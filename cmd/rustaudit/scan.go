package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/rustaudit/rustaudit/baseline"
	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/fix"
	"github.com/rustaudit/rustaudit/report"
	"github.com/rustaudit/rustaudit/rules"
	"github.com/rustaudit/rustaudit/scan"
)

type scanFlags struct {
	settingsFlags
	format         string
	output         string
	failOn         string
	minLevel       string
	jobs           int
	color          string
	showSuppressed bool
	category       string
	maxFileSize    int64
	parseTimeout   time.Duration
	baseline       string
	writeBaseline  string
	fix            bool
	fixReview      bool
	fixSuppress    bool
	diff           bool
	noIgnore       bool
	noCache        bool
	cacheDir       string
}

var formats = []string{"text", "json", "sarif", "github"}

func newScanCmd() *cobra.Command {
	var f scanFlags
	c := &cobra.Command{
		Use:   "scan [PATH...]",
		Short: "Scan Rust files and directories (default: the current directory)",
		Long: `Scan Rust files and directories (default: the current directory).

Directories are walked for *.rs files, skipping target/, .git/, hidden folders and
whatever .gitignore files (and .git/info/exclude) ignore, unless --no-ignore; files named
on the command line are always scanned. A directory named on the command line that an
ignore file ignores is not scanned, and a warning names the ignore file and line.

Exit codes: 0 when nothing at or above --fail-on was found; 1 when something was;
2 for usage errors (including an invalid configuration file or rustaudit:allow comment),
when nothing could be scanned, or when a rule crashed.

--fix applies the fixes that are certain, in place; --fix-review also those that need
review; --fix-suppress silences each remaining finding with a rustaudit:allow comment whose
reason is to be written. After fixing, the files are scanned again and the report and exit
code are those of the findings that remain. --diff prints the fixes as a unified diff
instead of writing them (with the selection of the other --fix flags, --fix by default).`,
		RunE: func(c *cobra.Command, args []string) error {
			return runScan(c, &f, args)
		},
	}
	fl := c.Flags()
	fl.StringVar(&f.format, "format", "text", "output format: text, json, sarif, github")
	fl.StringVarP(&f.output, "output", "o", "", "write the report to FILE (atomically) instead of standard output")
	fl.StringVar(&f.failOn, "fail-on", "warning", "exit 1 when a finding is at or above: error, warning, note, none")
	fl.StringVar(&f.minLevel, "min-level", "note", "report only findings at or above: error, warning, note (--fail-on counts only what is reported; --write-baseline keeps every finding)")
	fl.IntVarP(&f.jobs, "jobs", "j", runtime.NumCPU(), "number of files analysed in parallel")
	fl.StringVar(&f.color, "color", "auto", "colored text output: auto, always, never")
	fl.BoolVar(&f.showSuppressed, "show-suppressed", false, "include findings silenced by rustaudit:allow comments in text and JSON output")
	fl.StringVar(&f.category, "sarif-category", "", "SARIF runAutomationDetails.id (overrides the workflow's category)")
	fl.StringVar(&f.baseline, "baseline", "", "report only findings that are not in this earlier JSON or SARIF report (matched by rule, path and line fingerprint)")
	fl.StringVar(&f.writeBaseline, "write-baseline", "", "write every current finding to FILE (SARIF) for later use with --baseline")
	fl.BoolVar(&f.fix, "fix", false, "apply the fixes that are certain, in place, then report what remains")
	fl.BoolVar(&f.fixReview, "fix-review", false, "also apply the fixes that need review (implies --fix); read the changes")
	fl.BoolVar(&f.fixSuppress, "fix-suppress", false, "insert a rustaudit:allow comment (reason: TODO) above each finding that no applied fix resolves")
	fl.BoolVar(&f.diff, "diff", false, "print the fixes as a unified diff instead of applying them (the report goes only to --output)")
	fl.Int64Var(&f.maxFileSize, "max-file-size", scan.DefaultMaxFileSize, "skip (and report) files larger than this many bytes")
	fl.DurationVar(&f.parseTimeout, "parse-timeout", scan.DefaultParseBudget, "abandon (and report) a file whose parse takes longer")
	fl.BoolVar(&f.noIgnore, "no-ignore", false, "also scan what .gitignore files and .git/info/exclude ignore (target/, .git/, hidden folders and configured excludes are still skipped)")
	fl.BoolVar(&f.noCache, "no-cache", false, "analyse every file, neither reading nor writing the cache")
	fl.StringVar(&f.cacheDir, "cache-dir", "", "keep the cache in DIR (default: $RUSTAUDIT_CACHE_DIR, else rustaudit/ in the user cache directory)")
	f.settingsFlags.register(c)
	return c
}

func oneOf(name, v string, valid []string) error {
	for _, x := range valid {
		if v == x {
			return nil
		}
	}
	return usageErr("invalid --%s %q (valid: %s)", name, v, strings.Join(valid, ", "))
}

func runScan(c *cobra.Command, f *scanFlags, args []string) error {
	if err := oneOf("format", f.format, formats); err != nil {
		return err
	}
	if err := oneOf("fail-on", f.failOn, []string{"error", "warning", "note", "none"}); err != nil {
		return err
	}
	if err := oneOf("min-level", f.minLevel, []string{"error", "warning", "note"}); err != nil {
		return err
	}
	if err := oneOf("color", f.color, []string{"auto", "always", "never"}); err != nil {
		return err
	}
	if f.jobs < 1 {
		return usageErr("--jobs must be at least 1, got %d", f.jobs)
	}
	if f.maxFileSize < 1 || f.parseTimeout <= 0 {
		return usageErr("--max-file-size and --parse-timeout must be positive")
	}
	if len(args) == 0 {
		args = []string{"."}
	}
	cfg, err := f.load(args)
	if err != nil {
		return err
	}
	cwd, _ := os.Getwd()
	root := repoRoot(cwd, args)
	var base *baseline.Baseline
	if f.baseline != "" {
		// Read before scanning, so that a bad baseline is a usage error.
		if base, err = baseline.Load(f.baseline, cwd, root); err != nil {
			return &exitError{code: 2, err: err}
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	sel := fix.Selection{Certain: f.fix || f.fixReview, NeedsReview: f.fixReview, Suppress: f.fixSuppress}
	if f.diff && !sel.Any() {
		sel.Certain = true
	}
	eng := rules.NewEngine(rules.All, cfg.settings)
	scanOpts := scan.Options{Paths: args, Jobs: f.jobs, Engine: eng, Exclude: cfg.exclude,
		MaxFileSize: f.maxFileSize, ParseBudget: f.parseTimeout, Hash: sel.Any(), NoIgnore: f.noIgnore}
	if !f.noCache && !sel.Any() {
		scanOpts.Cache = openCache(f.cacheDir, cfg, &f.settingsFlags)
	}
	res, err := scan.Run(ctx, scanOpts)
	if err != nil {
		if ctx.Err() != nil {
			return &exitError{code: 130, err: errors.New("interrupted: no report written")}
		}
		return &exitError{code: 2, err: err}
	}
	var fr *fixRun
	if sel.Any() {
		// Fix what would be reported: findings already in the baseline are left alone.
		todo := res.Findings
		if base != nil {
			todo, _ = base.Filter(todo, root)
		}
		fr = &fixRun{sel: sel, hashes: res.Hashes, diff: f.diff, cwd: cwd, words: eng.MacroWords()}
		fr.apply(todo)
		if fr.files > 0 && !f.diff {
			// Report what remains: scan again, since a fix in one file can settle a
			// crate-wide check in another.
			scanOpts.Hash = false
			if res, err = scan.Run(ctx, scanOpts); err != nil {
				if ctx.Err() != nil {
					return &exitError{code: 130, err: errors.New("interrupted after fixing: no report written")}
				}
				return &exitError{code: 2, err: err}
			}
		}
		res.Notifications = append(res.Notifications, fr.notes...)
	}

	opts := report.Options{
		CWD:            cwd,
		RepoRoot:       root,
		Color:          useColor(f),
		ToolVersion:    toolVersion(),
		Category:       f.category,
		Levels:         levelsOf(cfg.settings),
		ShowSuppressed: f.showSuppressed,
		Rules:          rules.Infos(rules.All),
	}
	if f.writeBaseline != "" {
		var bb bytes.Buffer
		if err := report.SARIF(&bb, res.Findings, nil, opts); err != nil {
			return &exitError{code: 2, err: err}
		}
		if err := writeAtomic(f.writeBaseline, bb.Bytes()); err != nil {
			return &exitError{code: 2, err: err}
		}
	}
	if base != nil {
		var known int
		res.Findings, known = base.Filter(res.Findings, root)
		if known > 0 {
			fmt.Fprintf(c.ErrOrStderr(), "note: %d findings already in the baseline %s are not reported\n", known, f.baseline)
		}
	}
	if min, _ := finding.ParseLevel(f.minLevel); min > finding.LevelNote {
		// `--min-level warning` for code scanning: the notes stay in text runs and the cache
		res.Findings = slices.DeleteFunc(res.Findings, func(fd finding.Finding) bool { return fd.Level < min })
	}
	var buf bytes.Buffer
	switch f.format {
	case "text":
		err = report.Text(&buf, res.Findings, res.Notifications, opts)
	case "json":
		err = report.JSON(&buf, res.Findings, res.Notifications, opts)
	case "sarif":
		err = report.SARIF(&buf, res.Findings, res.Notifications, opts)
	case "github":
		err = report.GitHub(&buf, res.Findings, res.Notifications, opts)
	}
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	if ctx.Err() != nil {
		return &exitError{code: 130, err: errors.New("interrupted: no report written")}
	}
	if f.output != "" {
		if err := writeAtomic(f.output, buf.Bytes()); err != nil {
			return &exitError{code: 2, err: err}
		}
	} else if !f.diff {
		if _, err := c.OutOrStdout().Write(buf.Bytes()); err != nil {
			return &exitError{code: 2, err: err}
		}
	}
	if fr != nil && f.diff {
		// Standard output holds the diff alone, for `git apply` or `patch -p1`.
		if _, err := c.OutOrStdout().Write(fr.out.Bytes()); err != nil {
			return &exitError{code: 2, err: err}
		}
	}
	nopts := opts
	nopts.Color = f.color == "always" || (f.color == "auto" && isatty.IsTerminal(os.Stderr.Fd()) && os.Getenv("NO_COLOR") == "")
	if f.format == "text" {
		// JSON and SARIF carry them in the document; GitHub annotations carry them too.
		report.Notifications(c.ErrOrStderr(), res.Notifications, nopts)
	}
	if fr != nil {
		verb := "applied"
		if f.diff {
			verb = "would apply"
		}
		fmt.Fprintf(c.ErrOrStderr(), "note: %s %d %s in %d %s\n", verb, fr.fixed, plural(fr.fixed, "fix", "fixes"),
			fr.files, plural(fr.files, "file", "files"))
	}
	return exitFor(res, f.failOn)
}

// exitFor applies the exit-code policy: 2 when a rustaudit:allow comment is invalid; else 1
// when a finding (not suppressed) is at or above failOn; otherwise 2 when nothing could be
// scanned or a rule crashed; otherwise 0.
func exitFor(res *scan.Result, failOn string) error {
	// An invalid rustaudit:allow comment is a usage error, like an invalid configuration.
	for _, n := range res.Notifications {
		if rules.IsSuppressionError(n) {
			return &exitError{code: 2, err: errors.New("invalid rustaudit:allow comments (see above)")}
		}
	}
	if failOn != "none" {
		min, _ := finding.ParseLevel(failOn)
		for _, fd := range res.Findings {
			if !fd.Suppressed && fd.Level >= min {
				return &exitError{code: 1}
			}
		}
	}
	if res.Scanned == 0 {
		return &exitError{code: 2, err: errors.New("nothing could be scanned")}
	}
	for _, n := range res.Notifications {
		if n.Rule != "" && n.Level == finding.LevelError {
			return &exitError{code: 2, err: errors.New("the run is incomplete: a rule crashed (see above)")}
		}
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func levelsOf(st *rules.Settings) map[string]finding.Level {
	m := map[string]finding.Level{}
	for _, r := range rules.All {
		m[r.ID] = st.LevelOf(r)
	}
	return m
}

func useColor(f *scanFlags) bool {
	if f.format != "text" || f.output != "" {
		return f.color == "always" && f.format == "text"
	}
	switch f.color {
	case "always":
		return true
	case "never":
		return false
	}
	return isatty.IsTerminal(os.Stdout.Fd()) && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
}

// repoRoot is the git root above the first scanned path, or the current directory.
func repoRoot(cwd string, paths []string) string {
	start := cwd
	if len(paths) > 0 {
		if abs, err := filepath.Abs(paths[0]); err == nil {
			start = abs
			if st, err := os.Stat(abs); err == nil && !st.IsDir() {
				start = filepath.Dir(abs)
			}
		}
	}
	for d := start; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return cwd
		}
		d = parent
	}
}

// writeAtomic writes data to a temporary file beside path and renames it into place, so
// that path never holds a partial report.
func writeAtomic(path string, data []byte) (err error) {
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		// A device or pipe such as /dev/null or /dev/stdout cannot be replaced by a rename.
		return os.WriteFile(path, data, 0o644)
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = io.Copy(tmp, bytes.NewReader(data)); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return nil
}
