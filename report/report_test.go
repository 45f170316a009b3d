package report

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/report/fingerprint"
	"github.com/rustaudit/rustaudit/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/report")

const goldenDir = "../testdata/report"

// The sources the findings point into. They exist only here: renderers never read files.
var sources = map[string]string{
	"/repo/src/main.rs": `use std::sync::Arc;
use tokio::sync::Mutex;

async fn serve(state: Arc<Mutex<Vec<String>>>) {
	loop {
		let _café = tokio::spawn(worker("🦀 crab"));
	}
}

async fn flush(state: Arc<Mutex<Vec<String>>>) {
    let mut guard = state
        .lock()
        .await;
    write_all(&guard).await;
    guard.clear();
}
`,
	"/repo/src/net/my server.rs": `use tokio::sync::mpsc;

pub fn channel() -> (mpsc::UnboundedSender<Job>, mpsc::UnboundedReceiver<Job>) {
    mpsc::unbounded_channel()
}

pub fn events() -> mpsc::UnboundedReceiver<Event> {
    // rustaudit:allow(unbounded_channel) events are rate-limited upstream
    let (tx, rx) = mpsc::unbounded_channel();
    rx
}
`,
	"/repo/src/ünïcode.rs": `impl Future for Pending {
    type Output = ();
    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        Poll::Pending // rustaudit:allow(pending_without_waker)
    }
}
`,
}

// at returns the span of the nth (1-based) occurrence of text on line of path, or, with
// endText, from text to the end of the first endText on a later line.
func at(t testing.TB, path string, line int, text string, endLine int, endText string) finding.Span {
	t.Helper()
	lines := strings.Split(sources[path], "\n")
	offset := 0
	for _, l := range lines[:line-1] {
		offset += len(l) + 1
	}
	col := strings.Index(lines[line-1], text)
	if col < 0 {
		t.Fatalf("%q not on line %d of %s", text, line, path)
	}
	start := parser.Position([]byte(lines[line-1]), uint32(line-1), uint32(col))
	start.Byte = offset + col
	if endLine == 0 {
		end := parser.Position([]byte(lines[line-1]), uint32(line-1), uint32(col+len(text)))
		end.Byte = start.Byte + len(text)
		return finding.Span{Start: start, End: end}
	}
	for _, l := range lines[line-1 : endLine-1] {
		offset += len(l) + 1
	}
	ecol := strings.Index(lines[endLine-1], endText) + len(endText)
	end := parser.Position([]byte(lines[endLine-1]), uint32(endLine-1), uint32(ecol))
	end.Byte = offset + ecol
	return finding.Span{Start: start, End: end}
}

// before returns the empty span just before the span at(..) returns: where an insertion goes.
func before(t testing.TB, path string, line int, text string) finding.Span {
	s := at(t, path, line, text, 0, "")
	s.End = s.Start
	return s
}

// finish fills what the engine fills: the snippet and the fingerprint.
func finish(f finding.Finding) finding.Finding {
	src := sources[f.Path]
	f.Snippet = strings.Split(src, "\n")[f.Span.Start.Line-1]
	f.Fingerprint = fingerprint.LineHashes([]byte(src))[f.Span.Start.Line-1]
	return f
}

func testFindings(t testing.TB) []finding.Finding {
	const main, server, uni = "/repo/src/main.rs", "/repo/src/net/my server.rs", "/repo/src/ünïcode.rs"
	return []finding.Finding{
		finish(finding.Finding{
			Rule: "detached_task", Level: finding.LevelWarning, Path: main,
			Span:    at(t, main, 6, `tokio::spawn(worker("🦀 crab"))`, 0, ""),
			Message: "spawned task is detached: its JoinHandle is dropped",
			Help:    "keep the JoinHandle and await it, or track the task in a JoinSet",
			Notes:   []string{"a panic in a detached task goes unnoticed"},
			Related: []finding.Related{{Span: at(t, main, 5, "loop", 0, ""), Message: "a new task is spawned on every iteration of this loop"}},
			Fixes: []finding.Fix{{
				Description: "Name the crab", Applicability: finding.Certain,
				Edits: []finding.Edit{{Span: at(t, main, 6, `"🦀 crab"`, 0, ""), New: `"🦀 Ferris"`}},
			}, {
				Description: "Silence this finding", Applicability: finding.NeedsReview, Suppress: true,
				Edits: []finding.Edit{{Span: before(t, main, 6, "\t\tlet"), New: "\t\t// rustaudit:allow(detached_task) TODO\n"}},
			}},
		}),
		finish(finding.Finding{
			Rule: "lock_across_await", Level: finding.LevelError, Path: main,
			Span:    at(t, main, 11, "state", 13, ".await"),
			Message: "tokio::sync::MutexGuard `guard` is held across an `.await`",
			Help:    "drop the guard before awaiting:\nclone what you need, then `drop(guard)`",
			Related: []finding.Related{{Span: at(t, main, 14, ".await", 0, ""), Message: "the guard is still alive at this `.await`"}},
			Fixes: []finding.Fix{{
				Description: "Drop `guard` before the statement that awaits", Applicability: finding.NeedsReview,
				Edits: []finding.Edit{
					{Span: before(t, main, 14, "    write_all"), New: "    drop(guard);\n"},
					{Span: at(t, main, 15, "guard.clear();", 0, ""), New: ""},
				},
			}},
		}),
		finish(finding.Finding{
			Rule: "unbounded_channel", Level: finding.LevelNote, Path: server,
			Span:    at(t, server, 4, "mpsc::unbounded_channel()", 0, ""),
			Message: "unbounded channel: a slow receiver lets the queue grow to 100% of memory",
			Help:    "use mpsc::channel(capacity), and handle backpressure",
		}),
		finish(finding.Finding{
			Rule: "unbounded_channel", Level: finding.LevelNote, Path: server,
			Span:          at(t, server, 9, "mpsc::unbounded_channel()", 0, ""),
			Message:       "unbounded channel: a slow receiver lets the queue grow to 100% of memory",
			Help:          "use mpsc::channel(capacity), and handle backpressure",
			Suppressed:    true,
			Justification: "events are rate-limited upstream",
		}),
		finish(finding.Finding{
			Rule: "pending_without_waker", Level: finding.LevelError, Path: uni,
			Span:       at(t, uni, 4, "Poll::Pending", 0, ""),
			Message:    "`Poll::Pending` is returned without registering the waker",
			Help:       "call `cx.waker().wake_by_ref()` or hand the waker to whatever will complete the future",
			Suppressed: true,
		}),
	}
}

var testNotes = []finding.Notification{
	{Path: "/repo/src/broken.rs", Line: 3, Level: finding.LevelError, Message: "syntax error: the file could not be analysed"},
	{Path: "/repo/src/main.rs", Line: 14, Level: finding.LevelError, Rule: "lock_across_await", Message: "rule panicked: index out of range [3] with length 3"},
	{Level: finding.LevelWarning, Message: "no Cargo.toml above /repo/scripts: edition 2021 assumed"},
}

func testDoc(id, what string) string {
	return "# " + id + "\n\nOne line.\n\n## What it does\n\n" + what + "\n\nSecond paragraph.\n\n" +
		"## Why is this bad?\n\nBecause.\n\n## Example\n\n```rust\n#[tokio::main]\nasync fn main() {}\n```\n\n" +
		"## Use instead\n\nSomething else.\n\n## Known problems\n\nNone known.\n"
}

// testRules are rules with fixed docs, so that the goldens do not change with the real docs.
var testRules = []*rules.Rule{
	{ID: "pending_without_waker", Summary: "Poll::Pending returned without arranging a wake-up", Level: finding.LevelError,
		Tags: []string{"async", "correctness"}, Precision: "high",
		Doc: testDoc("pending_without_waker", "Finds `poll` implementations that return\n`Poll::Pending` without registering the waker.")},
	{ID: "detached_task", Summary: "Spawned task whose JoinHandle is dropped", Level: finding.LevelWarning,
		Tags: []string{"async", "concurrency"}, Precision: "high",
		Doc: testDoc("detached_task", "Finds spawned tasks whose `JoinHandle` is dropped.")},
	{ID: "lock_across_await", Summary: "Mutex guard held across an .await", Level: finding.LevelWarning,
		Tags: []string{"async", "concurrency"}, Precision: "very-high",
		Doc: testDoc("lock_across_await", "Finds mutex guards that live across an `.await`.")},
	{ID: "unbounded_channel", Summary: "Unbounded channel", Level: finding.LevelNote,
		Tags: []string{"async", "performance"}, Precision: "medium",
		Doc: testDoc("unbounded_channel", "Finds unbounded channels.")},
	{ID: "select_unbiased_priority", Summary: "select! without biased; where order matters", Level: finding.LevelAllow,
		Tags: []string{"async"}, Precision: "medium",
		Doc: testDoc("select_unbiased_priority", "Finds `select!` loops that expect priority.")},
}

func testOptions() Options {
	return Options{
		CWD:         "/repo",
		RepoRoot:    "/repo",
		ToolVersion: "0.3.1",
		Levels:      map[string]finding.Level{"lock_across_await": finding.LevelError},
		Rules:       rules.Infos(testRules),
	}
}

// renderFunc is the signature every format has.
type renderFunc = func(io.Writer, []finding.Finding, []finding.Notification, Options) error

func render(t *testing.T, f renderFunc, fs []finding.Finding, notes []finding.Notification, o Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := f(&b, fs, notes, o); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// golden compares got with testdata/report/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join(goldenDir, name)
	if *update {
		if err := os.MkdirAll(goldenDir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test ./report -update and review the diff)\n--- got:\n%s", name, got)
	}
}

func TestGolden(t *testing.T) {
	fs := testFindings(t)
	o := testOptions()
	show := o
	show.ShowSuppressed = true
	color := o
	color.Color = true

	golden(t, "text.golden", render(t, Text, fs, testNotes, o))
	golden(t, "text_color.golden", render(t, Text, fs, testNotes, color))
	golden(t, "text_show_suppressed.golden", render(t, Text, fs, testNotes, show))
	var nb bytes.Buffer
	Notifications(&nb, testNotes, o)
	golden(t, "notifications.golden", nb.Bytes())
	golden(t, "json.golden", render(t, JSON, fs, testNotes, o))
	golden(t, "json_show_suppressed.golden", render(t, JSON, fs, testNotes, show))
	golden(t, "sarif.golden", render(t, SARIF, fs, testNotes, o))
	golden(t, "sarif_empty.golden", render(t, SARIF, nil, nil, o))
	golden(t, "github.golden", render(t, GitHub, fs, testNotes, o))
}
