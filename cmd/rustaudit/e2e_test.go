package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// These tests run the built binary, as users and scripts do.

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "rustaudit-e2e")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "rustaudit")
	// The runs share a cache of their own, not the user's.
	os.Setenv("RUSTAUDIT_CACHE_DIR", filepath.Join(dir, "cache"))
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		panic("building rustaudit: " + err.Error())
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
}

func rustaudit(t *testing.T, dir string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{out.String(), errb.String(), code}
}

func write(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// detached is a file with one detached_task finding (a warning) on line 3: a forever task
// spawned per message received.
const detached = `async fn ticker() {}
async fn start(mut rx: tokio::sync::mpsc::Receiver<u32>) { while rx.recv().await.is_some() {
    tokio::spawn(async { loop { ticker().await; } });
} }
`

const clean = `async fn start() {
    let h = tokio::spawn(async { 1 });
    h.await.unwrap();
}
`

func TestExitCodes(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{"bad/a.rs": detached, "good/b.rs": clean})
	cases := []struct {
		args []string
		code int
	}{
		{[]string{"scan", "good"}, 0},
		{[]string{"scan", "bad"}, 1},
		{[]string{"scan"}, 1}, // default path "."
		{[]string{"scan", "--fail-on", "none", "bad"}, 0},
		{[]string{"scan", "--fail-on", "error", "bad"}, 0},
		{[]string{"scan", "--fail-on", "note", "bad"}, 1},
		{[]string{"scan", "--format", "xml", "bad"}, 2},
		{[]string{"scan", "--fail-on", "sometimes", "bad"}, 2},
		{[]string{"scan", "--no-such-flag"}, 2},
		{[]string{"scan", "missing-dir"}, 2},
		{[]string{"scan", "-j", "0", "bad"}, 2},
		{[]string{"scan", "--disable", "no_such_rule", "bad"}, 2},
		{[]string{"scan", "--disable", "detached_task", "bad"}, 0},
		{[]string{"scan", "--level", "detached_task=error", "--fail-on", "error", "bad"}, 1},
		{[]string{"frobnicate"}, 2},
		{[]string{"explain", "no_such_rule"}, 2},
	}
	for _, c := range cases {
		r := rustaudit(t, root, c.args...)
		if r.code != c.code {
			t.Errorf("rustaudit %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(c.args, " "), r.code, c.code, r.stdout, r.stderr)
		}
	}
}

func TestNothingToScan(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{"README.md": "# no rust here\n"})
	r := rustaudit(t, root, "scan")
	if r.code != 2 || !strings.Contains(r.stderr, "nothing could be scanned") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestTextOutput(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{"src/a.rs": detached})
	r := rustaudit(t, filepath.Join(root, "src"), "scan", ".")
	for _, want := range []string{"warning[detached_task]", " --> a.rs:3:5", "3 |", "^", "= help:"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text output lacks %q:\n%s", want, r.stdout)
		}
	}
	// Paths are relative to the current directory.
	r = rustaudit(t, root, "scan", "src")
	if !strings.Contains(r.stdout, "--> "+filepath.Join("src", "a.rs")+":3:5") {
		t.Errorf("path not relative to cwd:\n%s", r.stdout)
	}
}

func TestJSONOutput(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{"src/a.rs": detached})
	r := rustaudit(t, root, "scan", "--format", "json", "src")
	var doc struct {
		Version  int `json:"version"`
		Findings []struct {
			Rule  string `json:"rule"`
			Level string `json:"level"`
			Path  string `json:"path"`
			Start struct{ Line, Column int }
		} `json:"findings"`
		Errors []any `json:"errors"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	if doc.Version != 1 || len(doc.Findings) != 1 || doc.Errors == nil {
		t.Fatalf("unexpected document: %+v", doc)
	}
	f := doc.Findings[0]
	if f.Rule != "detached_task" || f.Level != "warning" || f.Path != "src/a.rs" || f.Start.Line != 3 || f.Start.Column != 5 {
		t.Errorf("finding: %+v", f)
	}
}

func TestOutputFileIsAtomic(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{"a.rs": detached})
	stdout := rustaudit(t, root, "scan", "--format", "sarif", ".")
	r := rustaudit(t, root, "scan", "--format", "sarif", "-o", "out/report.sarif", ".")
	if r.code != 2 {
		t.Errorf("writing into a missing directory: exit %d, want 2", r.code)
	}
	os.Mkdir(filepath.Join(root, "out"), 0o755)
	r = rustaudit(t, root, "scan", "--format", "sarif", "-o", "out/report.sarif", ".")
	if r.code != 1 || r.stdout != "" {
		t.Fatalf("exit %d, stdout %q", r.code, r.stdout)
	}
	got, err := os.ReadFile(filepath.Join(root, "out", "report.sarif"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != stdout.stdout {
		t.Error("-o wrote something other than what stdout shows")
	}
	entries, _ := os.ReadDir(filepath.Join(root, "out"))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestFileArgumentsAndIgnores(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{
		".gitignore":        "generated/\nskip_me.rs\n",
		"src/lib.rs":        detached,
		"src/skip_me.rs":    detached,
		"generated/gen.rs":  detached,
		"target/debug/x.rs": detached,
		".hidden/h.rs":      detached,
		"sub/.gitignore":    "local.rs\n",
		"sub/local.rs":      detached,
		"sub/kept.rs":       detached,
		"vendor/notes.txt":  "not rust",
	})
	os.Mkdir(filepath.Join(root, ".git"), 0o755)
	r := rustaudit(t, root, "scan", "--format", "json", ".")
	paths := findingPaths(t, r.stdout)
	want := "src/lib.rs sub/kept.rs"
	if got := strings.Join(paths, " "); got != want {
		t.Errorf("directory walk scanned %q, want %q", got, want)
	}
	// Files named on the command line are scanned even when ignored (pre-commit passes them).
	r = rustaudit(t, root, "scan", "--format", "json", "src/skip_me.rs", "generated/gen.rs")
	if got := strings.Join(findingPaths(t, r.stdout), " "); got != "generated/gen.rs src/skip_me.rs" {
		t.Errorf("named files: got %q", got)
	}
	// Scanning a sub-directory still honours the .gitignore above it.
	r = rustaudit(t, filepath.Join(root, "src"), "scan", "--format", "json", ".")
	if got := strings.Join(findingPaths(t, r.stdout), " "); got != "lib.rs" {
		t.Errorf("sub-directory scan: got %q", got)
	}
}

// A directory named on the command line that .gitignore ignores is not scanned, and a
// warning says why; --no-ignore scans it, and what the walk skipped for .gitignore.
func TestIgnoredDirectoryAndNoIgnore(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{
		".gitignore":        "# build output\ngenerated/\n",
		"src/lib.rs":        detached,
		"generated/gen.rs":  detached,
		"generated/x/y.rs":  detached,
		"sub/.gitignore":    "local.rs\n",
		"sub/local.rs":      detached,
		"target/debug/x.rs": detached,
		".hidden/h.rs":      detached,
	})
	os.Mkdir(filepath.Join(root, ".git"), 0o755)
	r := rustaudit(t, root, "scan", "generated")
	want := "warning: generated: not scanned: ignored by `generated/` at .gitignore:2; --no-ignore scans what ignore files skip\n"
	if r.code != 2 || !strings.HasPrefix(r.stderr, want) || !strings.Contains(r.stderr, "nothing could be scanned") {
		t.Errorf("an ignored directory named: exit %d, stderr %q, want it to start with %q", r.code, r.stderr, want)
	}
	r = rustaudit(t, filepath.Join(root, "src"), "scan", "../generated/x")
	if want := "warning: ../generated/x: not scanned: ../generated is ignored by `generated/` at ../.gitignore:2"; !strings.HasPrefix(r.stderr, want) {
		t.Errorf("inside an ignored directory, from a sibling: stderr %q, want %q", r.stderr, want)
	}
	r = rustaudit(t, root, "scan", "--format", "json", "--no-ignore", "generated")
	if got := strings.Join(findingPaths(t, r.stdout), " "); r.code != 1 || got != "generated/gen.rs generated/x/y.rs" {
		t.Errorf("--no-ignore generated: exit %d, findings %q", r.code, got)
	}
	r = rustaudit(t, root, "scan", "--format", "json", "--no-ignore", ".")
	if got := strings.Join(findingPaths(t, r.stdout), " "); got != "generated/gen.rs generated/x/y.rs src/lib.rs sub/local.rs" {
		t.Errorf("--no-ignore .: findings %q (target/ and hidden folders stay skipped)", got)
	}
}

func findingPaths(t *testing.T, out string) []string {
	t.Helper()
	var doc struct {
		Findings []struct{ Path string } `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	var paths []string
	for _, f := range doc.Findings {
		paths = append(paths, f.Path)
	}
	return paths
}

func TestDeterministicAcrossJobs(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{}
	for i := 0; i < 40; i++ {
		files[filepath.Join("d"+string(rune('a'+i%7)), "f"+string(rune('a'+i))+".rs")] = detached + clean
	}
	write(t, root, files)
	for _, format := range []string{"text", "json", "sarif"} {
		a := rustaudit(t, root, "scan", "--format", format, "-j", "1", ".")
		b := rustaudit(t, root, "scan", "--format", format, "-j", "8", ".")
		if a.stdout != b.stdout || a.code != b.code {
			t.Errorf("%s output differs between -j 1 and -j 8", format)
		}
		if strings.Count(a.stdout, "detached_task") < 40 {
			t.Errorf("%s: expected 40 findings, got:\n%.500s", format, a.stdout)
		}
	}
}

func TestRulesExplainVersion(t *testing.T) {
	r := rustaudit(t, ".", "rules")
	if r.code != 0 || !strings.Contains(r.stdout, "detached_task") || !strings.Contains(r.stdout, "pending_without_waker") {
		t.Errorf("rules: %d %s", r.code, r.stdout)
	}
	r = rustaudit(t, ".", "rules", "--enable", "select_unbiased_priority")
	if !strings.Contains(r.stdout, "select_unbiased_priority  warning (default allow)") {
		t.Errorf("rules does not show the effective level:\n%s", r.stdout)
	}
	r = rustaudit(t, ".", "explain", "detached_task")
	if r.code != 0 || !strings.Contains(r.stdout, "## What it does") {
		t.Errorf("explain: %d %s", r.code, r.stdout)
	}
	r = rustaudit(t, ".", "version")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "rustaudit ") {
		t.Errorf("version: %d %q", r.code, r.stdout)
	}
}

// The sample crate of README's first command has a finding for each headline rule.
func TestSampleCrate(t *testing.T) {
	r := rustaudit(t, filepath.Join("..", ".."), "scan", "--format", "json", "testdata/sample-crate")
	if r.code != 1 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, id := range []string{"pending_without_waker", "detached_task", "select_timer_in_loop", "large_future_capture",
		"lock_across_await", "blocking_in_async", "unbounded_channel", "select_cancel_unsafe"} {
		if !strings.Contains(r.stdout, `"`+id+`"`) {
			t.Errorf("sample crate has no %s finding", id)
		}
	}
}

// A baseline hides known findings even after lines are added above them, and only those.
func TestBaseline(t *testing.T) {
	root := t.TempDir()
	os.Mkdir(filepath.Join(root, ".git"), 0o755)
	write(t, root, map[string]string{"src/a.rs": detached})
	r := rustaudit(t, root, "scan", "--write-baseline", "base.sarif", "src")
	if r.code != 1 {
		t.Fatalf("first scan: exit %d %s", r.code, r.stderr)
	}
	// Shift the known finding down and add a new one above it. (The line hash covers the
	// flagged line and about 100 characters after it, so edits below a finding do change it.)
	write(t, root, map[string]string{"src/a.rs": "// a new comment\n\nasync fn more(mut rx: tokio::sync::mpsc::Receiver<u32>) { while rx.recv().await.is_some() {\n    tokio::spawn(async { loop { ticker().await; } });\n    ticker().await;\n} }\n" + detached})
	for _, base := range []string{"base.sarif", "base.json"} {
		if base == "base.json" {
			// A JSON report of the first version works as a baseline too.
			write(t, root, map[string]string{"old/a.rs": detached})
			j := rustaudit(t, root, "scan", "--format", "json", "-o", "base.json", "old")
			if j.code != 1 {
				t.Fatalf("json baseline: exit %d", j.code)
			}
			os.RemoveAll(filepath.Join(root, "old"))
			// Same content under src/: rename the paths in the report.
			data, _ := os.ReadFile(filepath.Join(root, "base.json"))
			os.WriteFile(filepath.Join(root, "base.json"), []byte(strings.ReplaceAll(string(data), `"old/a.rs"`, `"src/a.rs"`)), 0o644)
		}
		r = rustaudit(t, root, "scan", "--format", "json", "--baseline", base, "src")
		paths := findingPaths(t, r.stdout)
		if r.code != 1 || len(paths) != 1 || !strings.Contains(r.stdout, `"line": 4`) {
			t.Errorf("%s: exit %d, findings %v\n%s", base, r.code, paths, r.stdout)
		}
	}
	r = rustaudit(t, root, "scan", "--baseline", "missing.json", "src")
	if r.code != 2 {
		t.Errorf("missing baseline: exit %d", r.code)
	}
}

// Unreadable files and folders are reported and the rest of the scan goes on. Root reads
// everything, so when the tests run as root the scan runs as nobody.
func TestPermissionDenied(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{"ok/a.rs": detached, "secret/b.rs": detached, "c.rs": detached})
	os.Chmod(filepath.Join(root, "secret"), 0o000)
	os.Chmod(filepath.Join(root, "c.rs"), 0o000)
	defer os.Chmod(filepath.Join(root, "secret"), 0o755)
	cmd := exec.Command(binary, "scan", "--format", "json", ".")
	cmd.Dir = root
	if os.Geteuid() == 0 {
		// The temporary directories must be reachable by nobody.
		for d := root; d != "/"; d = filepath.Dir(d) {
			if st, err := os.Stat(d); err == nil && st.Mode().Perm()&0o001 == 0 {
				os.Chmod(d, st.Mode().Perm()|0o011)
			}
		}
		os.Chmod(binary, 0o755)
		os.Chmod(filepath.Dir(binary), 0o755)
		cmd.SysProcAttr = nobody()
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	if code != 1 {
		t.Fatalf("exit %d, want 1 (a finding in ok/a.rs)\n%s\n%s", code, out.String(), errb.String())
	}
	if got := strings.Join(findingPaths(t, out.String()), " "); got != "ok/a.rs" {
		t.Errorf("findings in %q", got)
	}
	var doc struct {
		Errors []struct{ Path, Message string } `json:"errors"`
	}
	json.Unmarshal(out.Bytes(), &doc)
	var msgs []string
	for _, e := range doc.Errors {
		msgs = append(msgs, e.Path+": "+e.Message)
	}
	all := strings.Join(msgs, "\n")
	if !strings.Contains(all, "secret") || !strings.Contains(all, "c.rs") || !strings.Contains(all, "permission denied") {
		t.Errorf("unreadable file and folder not reported:\n%s", all)
	}
}

// Ctrl-C during a scan writes no report and leaves no temporary file.
func TestInterruptLeavesNoOutput(t *testing.T) {
	root := t.TempDir()
	var b strings.Builder
	for i := 0; i < 60000; i++ {
		b.WriteString("async fn f() { tokio::spawn(async { loop { g().await; } }); }\n")
	}
	files := map[string]string{}
	for i := 0; i < 8; i++ {
		files[filepath.Join("src", string(rune('a'+i))+".rs")] = b.String()
	}
	write(t, root, files)
	os.Mkdir(filepath.Join(root, "out"), 0o755)
	cmd := exec.Command(binary, "scan", "-j", "1", "--format", "sarif", "-o", "out/report.sarif", "src")
	cmd.Dir = root
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitBusy(cmd.Process.Pid, 300*time.Millisecond)
	cmd.Process.Signal(os.Interrupt)
	err := cmd.Wait()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 130 {
		t.Fatalf("interrupted scan: %v (want exit 130)", err)
	}
	entries, _ := os.ReadDir(filepath.Join(root, "out"))
	if len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
}

// waitBusy waits until process pid has used cpu of processor time (past its start-up, in
// the scan), read from /proc/PID/stat; where there is no /proc, it waits cpu of wall time.
// A fixed wall-clock wait alone interrupted the process before it had set up its signal
// handling on a loaded machine.
func waitBusy(pid int, cpu time.Duration) {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			time.Sleep(cpu)
			return
		}
		// pid (comm) state ... utime stime: fields 14 and 15, in clock ticks (100 a second)
		f := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+1:]))
		if len(f) > 12 {
			ut, _ := strconv.Atoi(f[11])
			st, _ := strconv.Atoi(f[12])
			if time.Duration(ut+st)*10*time.Millisecond >= cpu {
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// A package with a blocking call in the library, in a #[cfg(test)] module file, in an
// example and in a file no target reaches.
func contextPackage(t *testing.T) string {
	root := t.TempDir()
	// A sleep: brief file I/O once per call is a note by itself (blocking_in_async's
	// file-io-anywhere), which would hide what these tests are about.
	blocking := func(name string) string {
		return "pub async fn " + name + "() {\n    std::thread::sleep(std::time::Duration::from_secs(1));\n}\n"
	}
	write(t, root, map[string]string{
		"Cargo.toml":           "[package]\nname = \"svc\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
		"src/lib.rs":           "#[cfg(test)]\nmod tests;\n\n" + blocking("lib_read"),
		"src/tests.rs":         blocking("test_read"),
		"src/leftover.rs":      blocking("old_read"),
		"examples/demo.rs":     blocking("demo_read") + "fn main() {}\n",
		"tests/integration.rs": blocking("it_read"),
	})
	return root
}

func TestContextLevelsAndDeadFiles(t *testing.T) {
	root := contextPackage(t)
	r := rustaudit(t, root, "scan", "--format", "json", ".")
	if r.code != 1 {
		t.Fatalf("exit %d (the library's warning must fail the run): %s", r.code, r.stderr)
	}
	var doc struct {
		Findings []struct {
			Path, Level string
			Notes       []string
		}
		Errors []struct{ Path, Message, Level string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	levels := map[string]string{}
	for _, f := range doc.Findings {
		levels[f.Path] = f.Level
		if f.Level == "note" && !strings.Contains(strings.Join(f.Notes, " "), "here, not warning") {
			t.Errorf("%s: lowered without saying why: %q", f.Path, f.Notes)
		}
	}
	want := map[string]string{"src/lib.rs": "warning", "src/tests.rs": "note", "examples/demo.rs": "note", "tests/integration.rs": "note"}
	for p, l := range want {
		if levels[p] != l {
			t.Errorf("%s: level %q, want %q (all: %v)", p, levels[p], l, levels)
		}
	}
	if _, ok := levels["src/leftover.rs"]; ok {
		t.Errorf("src/leftover.rs is not compiled, yet reported")
	}
	found := false
	for _, e := range doc.Errors {
		if e.Path == "src/leftover.rs" && strings.HasPrefix(e.Message, "not compiled") && e.Level == "warning" {
			found = true
		}
	}
	if !found {
		t.Errorf("no notification that src/leftover.rs is not compiled: %+v", doc.Errors)
	}

	// Configuration: tests at full level, examples off, this rule off in tests/ by glob.
	write(t, root, map[string]string{"rustaudit.toml": "[context]\nin-tests = \"error\"\nin-examples = \"off\"\n"})
	r = rustaudit(t, root, "scan", "--format", "json", ".")
	doc.Findings = nil
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	levels = map[string]string{}
	for _, f := range doc.Findings {
		levels[f.Path] = f.Level
	}
	if levels["src/tests.rs"] != "warning" || levels["tests/integration.rs"] != "warning" || levels["examples/demo.rs"] != "" {
		t.Errorf("with [context] in-tests = error, in-examples = off: %v", levels)
	}
}

// Pre-commit hands over single files: without every target, nothing is called dead.
func TestContextSingleFileIsLive(t *testing.T) {
	root := contextPackage(t)
	r := rustaudit(t, root, "scan", "src/leftover.rs")
	if r.code != 1 || !strings.Contains(r.stdout, "warning[blocking_in_async]") || strings.Contains(r.stderr, "not compiled") {
		t.Errorf("exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
}

// TestMinLevel: --min-level drops the findings below it from every report format, --fail-on
// then counts only what is reported, and --write-baseline still keeps every finding.
func TestMinLevel(t *testing.T) {
	root := t.TempDir()
	// One warning (the forever task per message) and one note (an unbounded channel).
	write(t, root, map[string]string{"src/a.rs": detached + `
pub fn queue() -> tokio::sync::mpsc::UnboundedSender<u32> {
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel::<u32>();
    tx
}
`})
	levels := func(args ...string) []string {
		t.Helper()
		r := rustaudit(t, root, append([]string{"scan", "--format", "json", "--fail-on", "none"}, args...)...)
		var doc struct {
			Findings []struct{ Level string } `json:"findings"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, r.stdout)
		}
		var out []string
		for _, f := range doc.Findings {
			out = append(out, f.Level)
		}
		slices.Sort(out)
		return out
	}
	if got := levels("src"); strings.Join(got, ",") != "note,warning" {
		t.Fatalf("default: levels %v, want a note and a warning", got)
	}
	if got := levels("--min-level", "warning", "src"); strings.Join(got, ",") != "warning" {
		t.Errorf("--min-level warning: levels %v, want the warning alone", got)
	}
	if got := levels("--min-level", "error", "src"); len(got) != 0 {
		t.Errorf("--min-level error: levels %v, want none", got)
	}
	r := rustaudit(t, root, "scan", "--format", "sarif", "--min-level", "warning", "src")
	if r.code != 1 || strings.Count(r.stdout, `"ruleId"`) != 1 {
		t.Errorf("sarif with --min-level warning: exit %d, %d results, want exit 1 and 1 result", r.code, strings.Count(r.stdout, `"ruleId"`))
	}
	if r := rustaudit(t, root, "scan", "--min-level", "warning", "--fail-on", "note", "src"); r.code != 1 {
		t.Errorf("--fail-on note with the warning reported: exit %d, want 1", r.code)
	}
	if r := rustaudit(t, root, "scan", "--min-level", "error", "--fail-on", "note", "src"); r.code != 0 {
		t.Errorf("--fail-on note with nothing reported: exit %d, want 0", r.code)
	}
	bl := filepath.Join(root, "all.sarif")
	rustaudit(t, root, "scan", "--min-level", "error", "--fail-on", "none", "--write-baseline", bl, "src")
	data, err := os.ReadFile(bl)
	if err != nil || strings.Count(string(data), `"ruleId"`) != 2 {
		t.Errorf("--write-baseline with --min-level error: %v, %d results, want both findings", err, strings.Count(string(data), `"ruleId"`))
	}
	if r := rustaudit(t, root, "scan", "--min-level", "sometimes", "src"); r.code != 2 {
		t.Errorf("invalid --min-level: exit %d, want 2", r.code)
	}
}
