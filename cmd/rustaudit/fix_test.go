package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/fix"
)

// sleepy has a certain fix: std::thread::sleep in an async fn of a file that uses
// tokio::time already.
const sleepy = `use std::time::Duration;

async fn tick() {
    tokio::time::sleep(Duration::from_millis(1)).await;
}

pub async fn poll_slowly() {
    std::thread::sleep(Duration::from_millis(10));
    tick().await;
}
`

const sleepyFixed = `use std::time::Duration;

async fn tick() {
    tokio::time::sleep(Duration::from_millis(1)).await;
}

pub async fn poll_slowly() {
    tokio::time::sleep(Duration::from_millis(10)).await;
    tick().await;
}
`

// guarded has a fix that needs review: a guard dropped before the statement that awaits.
const guarded = `use std::sync::Mutex;

async fn flush() {}

pub async fn push(m: &Mutex<Vec<u32>>) {
    let mut guard = m.lock().unwrap();
    guard.push(1);
    flush().await;
}
`

const guardedFixed = `use std::sync::Mutex;

async fn flush() {}

pub async fn push(m: &Mutex<Vec<u32>>) {
    let mut guard = m.lock().unwrap();
    guard.push(1);
    drop(guard);
    flush().await;
}
`

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestFixAppliesCertainFixes(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{"src/sleepy.rs": sleepy, "src/guarded.rs": guarded})
	os.Chmod(filepath.Join(root, "src", "sleepy.rs"), 0o640)

	// --fix: the certain fix only. The guard's finding remains, so the exit code is 1.
	r := rustaudit(t, root, "scan", "--fix", "src")
	if r.code != 1 {
		t.Errorf("exit %d, want 1 (the guard is left)\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if got := read(t, filepath.Join(root, "src", "sleepy.rs")); got != sleepyFixed {
		t.Errorf("sleepy.rs:\n%s", got)
	}
	if got := read(t, filepath.Join(root, "src", "guarded.rs")); got != guarded {
		t.Errorf("--fix applied a fix that needs review:\n%s", got)
	}
	if strings.Contains(r.stdout, "blocking_in_async") || !strings.Contains(r.stdout, "warning[lock_across_await]") {
		t.Errorf("the report is not that of what remains:\n%s", r.stdout)
	}
	if !strings.Contains(r.stdout, "`--fix-review` applies it") {
		t.Errorf("the report does not say that a fix needs review:\n%s", r.stdout)
	}
	if !strings.Contains(r.stderr, "note: applied 1 fix in 1 file") {
		t.Errorf("stderr: %s", r.stderr)
	}
	// Written atomically: nothing left beside it, its permissions kept.
	entries, _ := os.ReadDir(filepath.Join(root, "src"))
	if len(entries) != 2 {
		t.Errorf("files left behind: %v", entries)
	}
	if st, _ := os.Stat(filepath.Join(root, "src", "sleepy.rs")); st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", st.Mode().Perm())
	}

	// --fix-review: the rest, and nothing remains.
	r = rustaudit(t, root, "scan", "--fix-review", "--format", "json", "src")
	if r.code != 0 {
		t.Errorf("exit %d, want 0\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if got := read(t, filepath.Join(root, "src", "guarded.rs")); got != guardedFixed {
		t.Errorf("guarded.rs:\n%s", got)
	}
	if !strings.Contains(r.stdout, `"findings": []`) {
		t.Errorf("findings remain:\n%s", r.stdout)
	}
	// A second run has nothing to do.
	r = rustaudit(t, root, "scan", "--fix-review", "src")
	if r.code != 0 || !strings.Contains(r.stderr, "note: applied 0 fixes in 0 files") {
		t.Errorf("second run: exit %d\n%s", r.code, r.stderr)
	}
}

func TestFixDiffWritesNothing(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{"src/sleepy.rs": sleepy, "src/guarded.rs": guarded})
	r := rustaudit(t, root, "scan", "--diff", "src")
	want := `--- a/src/sleepy.rs
+++ b/src/sleepy.rs
@@ -5,6 +5,6 @@
 }
 
 pub async fn poll_slowly() {
-    std::thread::sleep(Duration::from_millis(10));
+    tokio::time::sleep(Duration::from_millis(10)).await;
     tick().await;
 }
`
	if r.stdout != want {
		t.Errorf("diff:\n%s\nwant:\n%s", r.stdout, want)
	}
	if r.code != 1 || !strings.Contains(r.stderr, "note: would apply 1 fix in 1 file") {
		t.Errorf("exit %d (want 1: nothing was fixed)\n%s", r.code, r.stderr)
	}
	if read(t, filepath.Join(root, "src", "sleepy.rs")) != sleepy || read(t, filepath.Join(root, "src", "guarded.rs")) != guarded {
		t.Error("--diff changed a file")
	}
	// With --fix-review, the diff has both; git applies it as it is.
	r = rustaudit(t, root, "scan", "--diff", "--fix-review", "-o", "report.json", "--format", "json", "src")
	if !strings.Contains(r.stdout, "+    drop(guard);") || !strings.Contains(r.stdout, "+++ b/src/sleepy.rs") {
		t.Errorf("diff:\n%s", r.stdout)
	}
	if _, err := os.Stat(filepath.Join(root, "report.json")); err != nil {
		t.Errorf("the report was not written to --output: %v", err)
	}
	if git, err := exec.LookPath("git"); err == nil {
		cmd := exec.Command(git, "apply", "-")
		cmd.Dir = root
		cmd.Stdin = strings.NewReader(r.stdout)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git apply: %v\n%s", err, out)
		}
		if read(t, filepath.Join(root, "src", "sleepy.rs")) != sleepyFixed || read(t, filepath.Join(root, "src", "guarded.rs")) != guardedFixed {
			t.Error("the diff does not make the fixed files")
		}
	}
}

func TestFixSuppress(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{"a.rs": detached})
	r := rustaudit(t, root, "scan", "--fix-suppress", ".")
	want := `async fn ticker() {}
async fn start(mut rx: tokio::sync::mpsc::Receiver<u32>) { while rx.recv().await.is_some() {
    // rustaudit:allow(detached_task) TODO: say why this is fine here
    tokio::spawn(async { loop { ticker().await; } });
} }
`
	if got := read(t, filepath.Join(root, "a.rs")); got != want || r.code != 0 {
		t.Errorf("exit %d, a.rs:\n%s\n%s", r.code, got, r.stderr)
	}
	// The comment is a real suppression, and it is used.
	r = rustaudit(t, root, "scan", "--enable", "unused_suppression", "--show-suppressed", ".")
	if r.code != 0 || !strings.Contains(r.stdout, "suppressed in source: TODO: say why this is fine here") {
		t.Errorf("exit %d\n%s", r.code, r.stdout)
	}
}

// runInProcess runs rustaudit's command in this process, so that tests can set hooks.
func runInProcess(t *testing.T, args ...string) result {
	t.Helper()
	root := newRoot()
	var out, errb bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errb)
	root.SetArgs(args)
	code := 0
	if err := root.Execute(); err != nil {
		var ee *exitError
		if !errors.As(err, &ee) {
			t.Fatalf("rustaudit %v: %v", args, err)
		}
		code = ee.code
	}
	return result{out.String(), errb.String(), code}
}

// A file that changed after the scan read it is left as it is.
func TestFixSkipsAFileChangedSinceItWasRead(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{"sleepy.rs": sleepy})
	path := filepath.Join(root, "sleepy.rs")
	edited := sleepy + "// edited meanwhile\n"
	testHookBeforeFix = func(map[string][]fix.Planned) {
		if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	defer func() { testHookBeforeFix = nil }()
	r := runInProcess(t, "scan", "--fix", "--color", "never", path)
	if got := read(t, path); got != edited {
		t.Errorf("the edited file was overwritten:\n%s", got)
	}
	if r.code != 1 || !strings.Contains(r.stderr, "fixes not applied: the file changed since it was read") ||
		!strings.Contains(r.stderr, "applied 0 fixes in 0 files") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
}

// A fix that would leave the file unparsable is rolled back; the others are applied.
func TestFixRollsBackAnEditThatBreaksParsing(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{"sleepy.rs": sleepy})
	path := filepath.Join(root, "sleepy.rs")
	testHookBeforeFix = func(plan map[string][]fix.Planned) {
		good := plan[path]
		if len(good) != 1 {
			t.Fatalf("planned %v", plan)
		}
		at := strings.Index(sleepy, "async fn tick")
		bad := &finding.Fix{Description: "break it", Applicability: finding.Certain, Edits: []finding.Edit{{
			Span: finding.Span{Start: finding.Pos{Line: 3, Byte: at}, End: finding.Pos{Line: 3, Byte: at}}, New: "fn {{ ",
		}}}
		plan[path] = append([]fix.Planned{{Finding: good[0].Finding, Fix: bad}}, good...)
	}
	defer func() { testHookBeforeFix = nil }()
	r := runInProcess(t, "scan", "--fix", "--color", "never", path)
	if got := read(t, path); got != sleepyFixed {
		t.Errorf("sleepy.rs:\n%s", got)
	}
	if r.code != 0 || !strings.Contains(r.stderr, "fix not applied (break it): the fixed file would not parse (rolled back)") ||
		!strings.Contains(r.stderr, "applied 1 fix in 1 file") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
}
