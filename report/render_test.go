package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/rustaudit/rustaudit/finding"
)

func TestTextClean(t *testing.T) {
	if out := render(t, Text, nil, testNotes, testOptions()); len(out) != 0 {
		t.Errorf("Text wrote %q for no findings (notifications are the caller's)", out)
	}
	// Only suppressed findings, not shown: nothing either.
	fs := testFindings(t)
	if out := render(t, Text, fs[3:], nil, testOptions()); len(out) != 0 {
		t.Errorf("Text wrote %q for suppressed findings only", out)
	}
}

func TestTextPathsRelativeToCWD(t *testing.T) {
	o := testOptions()
	o.CWD = "/repo/src/net"
	out := string(render(t, Text, testFindings(t), nil, o))
	for _, want := range []string{" --> ../main.rs:6:15\n", " --> my server.rs:4:5\n", "at ../main.rs:5:2\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}

func TestTextNoColorCodes(t *testing.T) {
	fs := testFindings(t)
	if out := render(t, Text, fs, nil, testOptions()); bytes.Contains(out, []byte("\x1b")) {
		t.Error("escape codes without Color")
	}
	o := testOptions()
	o.Color = true
	out := string(render(t, Text, fs, nil, o))
	for _, want := range []string{"\x1b[1;31merror[lock_across_await]", "\x1b[1;33mwarning[detached_task]", "\x1b[1;32mnote[unbounded_channel]"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q", want)
		}
	}
}

func TestCaretLine(t *testing.T) {
	span := func(c1, l2, c2 int) finding.Span {
		return finding.Span{Start: finding.Pos{Line: 1, Col: c1}, End: finding.Pos{Line: l2, Col: c2}}
	}
	cases := []struct {
		snippet      string
		span         finding.Span
		line         string
		before, ints int
	}{
		{"let x = f();", span(9, 1, 12), "let x = f();", 8, 3},
		// A tab is four spaces, before and inside the span.
		{"\tx\ty", span(2, 1, 5), "    x    y", 4, 6},
		// Columns are characters; a wide character takes two cells, a combining mark none.
		{"日本 = spawn()", span(6, 1, 13), "日本 = spawn()", 7, 7},
		{"e\u0301 = 1", span(4, 1, 5), "e\u0301 = 1", 2, 1},
		// A span over several lines: to the end of the first.
		{"let g = m", span(9, 3, 2), "let g = m", 8, 1},
		{"foo(", span(1, 2, 1), "foo(", 0, 4},
		// An empty span, or one past the end of a truncated snippet: one caret.
		{"abc", span(2, 1, 2), "abc", 1, 1},
		{"abc", span(7, 1, 9), "abc", 3, 1},
		// Control characters are shown as control pictures, bidi overrides as U+FFFD.
		{"a\x1bb\u202ec", span(1, 1, 6), "a\u241bb\ufffdc", 0, 5},
	}
	for _, c := range cases {
		line, before, under := caretLine(c.snippet, c.span)
		if line != c.line || before != c.before || under != c.ints {
			t.Errorf("caretLine(%q, %v) = %q, %d, %d; want %q, %d, %d", c.snippet, c.span, line, before, under, c.line, c.before, c.ints)
		}
	}
}

func TestSummary(t *testing.T) {
	f := testFindings(t)
	for _, c := range []struct {
		fs   []finding.Finding
		show bool
		want string
	}{
		{f[:1], false, "warning: 1 warning emitted\n"},
		{[]finding.Finding{f[0], f[0]}, false, "warning: 2 warnings emitted\n"},
		{f, false, "error: 1 error, 1 warning, 1 note emitted\n"},
		{f[2:3], false, "note: 1 note emitted\n"},
		{f[3:], true, "note: 2 suppressed findings shown\n"},
	} {
		o := testOptions()
		o.ShowSuppressed = c.show
		out := string(render(t, Text, c.fs, nil, o))
		if !strings.HasSuffix(out, "\n\n"+c.want) {
			t.Errorf("summary of %d findings: got ...%q, want %q", len(c.fs), out[max(0, len(out)-80):], c.want)
		}
	}
}

func TestJSONArraysNeverNull(t *testing.T) {
	out := render(t, JSON, nil, nil, testOptions())
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"findings", "errors"} {
		if string(doc[key]) != "[]" {
			t.Errorf("%s = %s, want []", key, doc[key])
		}
	}
	if string(doc["version"]) != "1" {
		t.Errorf("version = %s", doc["version"])
	}
	f := testFindings(t)[2] // no notes, no related
	out = render(t, JSON, []finding.Finding{f}, nil, testOptions())
	for _, want := range []string{`"notes": []`, `"related": []`} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("missing %s in %s", want, out)
		}
	}
	if bytes.Contains(out, []byte("null")) || bytes.Contains(out, []byte("suppressed")) {
		t.Errorf("null or suppressed in %s", out)
	}
}

func TestJSONSuppressed(t *testing.T) {
	fs := testFindings(t)
	count := func(o Options) (n, suppressed int) {
		var doc struct{ Findings []jsonFinding }
		if err := json.Unmarshal(render(t, JSON, fs, nil, o), &doc); err != nil {
			t.Fatal(err)
		}
		for _, f := range doc.Findings {
			if f.Suppressed {
				suppressed++
			}
		}
		return len(doc.Findings), suppressed
	}
	o := testOptions()
	if n, s := count(o); n != 3 || s != 0 {
		t.Errorf("default: %d findings, %d suppressed; want 3, 0", n, s)
	}
	o.ShowSuppressed = true
	if n, s := count(o); n != 5 || s != 2 {
		t.Errorf("ShowSuppressed: %d findings, %d suppressed; want 5, 2", n, s)
	}
}

func TestGitHubCommands(t *testing.T) {
	fs := testFindings(t)
	lines := strings.Split(strings.TrimSuffix(string(render(t, GitHub, fs, nil, testOptions())), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines for 3 findings that are not suppressed:\n%s", len(lines), strings.Join(lines, "\n"))
	}
	for i, want := range []string{
		"::warning file=src/main.rs,line=6,col=15,endLine=6,endColumn=45,title=detached_task::spawned task is detached: its JoinHandle is dropped%0Anote: ",
		// A span over several lines has no columns.
		"::error file=src/main.rs,line=11,endLine=13,title=lock_across_await::",
		// Paths are not percent-encoded; '%' in the message is.
		"::notice file=src/net/my server.rs,line=4,col=5,endLine=4,endColumn=30,title=unbounded_channel::unbounded channel: a slow receiver lets the queue grow to 100%25 of memory%0Ahelp: ",
	} {
		if !strings.HasPrefix(lines[i], want) {
			t.Errorf("line %d = %q, want prefix %q", i, lines[i], want)
		}
	}
}

func TestGitHubEscaping(t *testing.T) {
	if got := escapeData("50%\r\nnext: a,b"); got != "50%25%0D%0Anext: a,b" {
		t.Errorf("escapeData = %q", got)
	}
	if got := escapeProperty("C:\\a,b%\n"); got != "C%3A\\a%2Cb%25%0A" {
		t.Errorf("escapeProperty = %q", got)
	}
	f := finding.Finding{Rule: "r", Level: finding.LevelWarning, Path: "/repo/a,b:c.rs", Message: "x",
		Span: finding.Span{Start: finding.Pos{Line: 2, Col: 3}, End: finding.Pos{Line: 2, Col: 4}}}
	got := string(render(t, GitHub, []finding.Finding{f}, nil, Options{RepoRoot: "/repo"}))
	if want := "::warning file=a%2Cb%3Ac.rs,line=2,col=3,endLine=2,endColumn=4,title=r::x\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestNotificationsLine(t *testing.T) {
	var b bytes.Buffer
	Notifications(&b, []finding.Notification{
		{Path: "/repo/a.rs", Line: 2, Level: finding.LevelError, Message: "m"},
		{Path: "/repo/b.rs", Level: finding.LevelWarning, Message: "n"},
		{Message: "o"},
	}, Options{CWD: "/repo"})
	if want := "error: a.rs:2: m\nwarning: b.rs: n\nwarning: o\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}
