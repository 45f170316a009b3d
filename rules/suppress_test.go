package rules

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/parser"
)

// Fake rules, so that these tests do not depend on the real rules being written alongside:
// fake_bad reports every call of bad(); fake_later reports every call of later() through
// ReportLater, as crate-wide checks do; fake_off is off by default.
var (
	fakeBad   = fakeRule("fake_bad", "bad", LevelWarning, false)
	fakeLater = fakeRule("fake_later", "later", LevelWarning, true)
	fakeOff   = fakeRule("fake_off", "off", LevelAllow, false)
)

func fakeRule(id, callee string, lvl Level, later bool) *Rule {
	return &Rule{
		ID: id, Summary: "calls " + callee + "()", Level: lvl, Since: "0.1.0", Tags: []string{"test"}, Precision: "high",
		Kinds:      []parser.Kind{parser.KCallExpression},
		MacroWords: []string{callee},
		Check: func(p *Pass, n parser.NodeID) {
			if !p.Tree.TextIs(p.Tree.Field(n, parser.FFunction), callee) {
				return
			}
			d := Diagnostic{Node: n, Message: callee + "() called"}
			if later {
				p.ReportLater(d, func(*Crate, *finding.Finding) bool { return true })
			} else {
				p.Report(d)
			}
		},
	}
}

type suppressRun struct {
	findings []finding.Finding
	notes    []finding.Notification
}

// analyzeSrc runs the fake rules (and unused_suppression when withUnused) over src.
func analyzeSrc(t *testing.T, src string, withUnused bool) suppressRun {
	t.Helper()
	return analyzeWith(t, src, withUnused, fakeBad, fakeLater, fakeOff)
}

// analyzeWith runs rules (and unused_suppression when withUnused) over src as /src/lib.rs.
func analyzeWith(t *testing.T, src string, withUnused bool, all ...*Rule) suppressRun {
	t.Helper()
	st := &Settings{Levels: map[string]Level{}}
	if withUnused {
		all = append(all, UnusedSuppression)
		st.Levels[UnusedSuppressionID] = LevelWarning
	}
	eng := NewEngine(all, st)
	p := parser.NewParser()
	defer p.Close()
	p.MacroWords = eng.MacroWords()
	tree, err := p.Parse("/src/lib.rs", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(tree.ErrorRows) > 0 {
		t.Fatalf("test source has syntax errors at rows %v", tree.ErrorRows)
	}
	res := eng.Analyze(tree, FileInfo{Path: "/src/lib.rs", Crate: "/src", Edition: "2021"})
	f, n := eng.Settle([]*FileResult{res})
	return suppressRun{findings: f, notes: n}
}

// lines renders findings as "line rule s|-" (s: suppressed), sorted, for comparison.
func (r suppressRun) lines(rule string) []string {
	var out []string
	for _, f := range r.findings {
		if rule != "" && f.Rule != rule {
			continue
		}
		s := "-"
		if f.Suppressed {
			s = "s"
		}
		out = append(out, fmt.Sprintf("%d %s %s", f.Span.Start.Line, f.Rule, s))
	}
	sort.Strings(out)
	return out
}

func expectLines(t *testing.T, got []string, want ...string) {
	t.Helper()
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestSuppressOwnLineItems(t *testing.T) {
	src := `// rustaudit:allow(fake_bad) the whole fn
fn whole() {
    bad();
    bad();
}

fn other() {
    bad();
}

// rustaudit:allow(fake_bad)
impl S {
    fn m(&self) {
        bad();
    }
}

// rustaudit:allow(fake_bad)
mod inner {
    fn f() { bad(); }
}

fn statements() {
    // rustaudit:allow(fake_bad) a multi-line let
    let x = compute(
        bad(),
    );
    bad();
    // rustaudit:allow(fake_bad)
    bad().then(|| {
        bad();
    });
    bad();
}
`
	r := analyzeSrc(t, src, false)
	expectLines(t, r.lines(""),
		"3 fake_bad s", "4 fake_bad s", "8 fake_bad -", "14 fake_bad s", "20 fake_bad s",
		"26 fake_bad s", "28 fake_bad -", "30 fake_bad s", "31 fake_bad s", "33 fake_bad -")
	if len(r.notes) > 0 {
		t.Errorf("notifications: %v", r.notes)
	}
}

func TestSuppressStackedAttributesArmsFields(t *testing.T) {
	src := `// rustaudit:allow(fake_bad) the reason
// an ordinary comment explaining more
/// The item's doc comment.
#[tokio::main]
#[allow(dead_code)]
async fn main() {
    bad();
}

fn arms(x: u8) {
    match x {
        // rustaudit:allow(fake_bad)
        #[cfg(unix)]
        1 => bad(),
        _ => bad(),
    }
    let s = S {
        // rustaudit:allow(fake_bad)
        a: bad(),
        b: bad(),
    };
    let v = vec![
        // rustaudit:allow(fake_bad)
        bad(),
        bad(),
    ];
}
`
	r := analyzeSrc(t, src, false)
	expectLines(t, r.lines(""),
		"7 fake_bad s", "14 fake_bad s", "15 fake_bad -", "19 fake_bad s", "20 fake_bad -", "24 fake_bad s", "25 fake_bad -")
	for _, f := range r.findings {
		if f.Span.Start.Line == 7 && f.Justification != "the reason" {
			t.Errorf("justification = %q, want %q", f.Justification, "the reason")
		}
	}
}

func TestSuppressEndOfLine(t *testing.T) {
	src := `fn f() {
    bad(); // rustaudit:allow(fake_bad) only this line
    bad();
    let x = bad() + // rustaudit:allow(fake_bad)
        bad();
}
`
	r := analyzeSrc(t, src, false)
	expectLines(t, r.lines(""), "2 fake_bad s", "3 fake_bad -", "4 fake_bad s", "5 fake_bad -")
	for _, f := range r.findings {
		if f.Span.Start.Line == 2 && f.Justification != "only this line" {
			t.Errorf("justification = %q", f.Justification)
		}
	}
}

func TestSuppressAllowFile(t *testing.T) {
	src := `//! Crate docs.
// rustaudit:allow-file(fake_bad): generated code
fn f() {
    bad();
    later();
}
fn g() { bad(); }
`
	r := analyzeSrc(t, src, false)
	expectLines(t, r.lines(""), "4 fake_bad s", "5 fake_later -", "7 fake_bad s")
	for _, f := range r.findings {
		if f.Rule == "fake_bad" && f.Justification != "generated code" {
			t.Errorf("justification = %q, want %q", f.Justification, "generated code")
		}
	}
	// Anywhere in the file, even at the end.
	src = "fn f() { bad(); }\n// rustaudit:allow-file(fake_bad)\n"
	expectLines(t, analyzeSrc(t, src, false).lines(""), "1 fake_bad s")
}

func TestSuppressMultipleIDsAndPending(t *testing.T) {
	src := `fn f() {
    // rustaudit:allow(fake_bad, fake_later) both
    run(bad(), later());
    run(bad(), later());
    later(); // rustaudit:allow( fake_later , )
}
`
	r := analyzeSrc(t, src, false)
	expectLines(t, r.lines(""),
		"3 fake_bad s", "3 fake_later s", "4 fake_bad -", "4 fake_later -", "5 fake_later s")
}

func TestSuppressNarrowestReason(t *testing.T) {
	src := `// rustaudit:allow-file(fake_bad) file reason
// rustaudit:allow(fake_bad) fn reason
fn f() {
    bad(); // rustaudit:allow(fake_bad) line reason
    bad();
    // rustaudit:allow(fake_bad)
    bad();
}
`
	r := analyzeSrc(t, src, false)
	got := map[int]string{}
	for _, f := range r.findings {
		got[f.Span.Start.Line] = f.Justification
	}
	want := map[int]string{4: "line reason", 5: "fn reason", 7: "fn reason"}
	for l, w := range want {
		if got[l] != w {
			t.Errorf("line %d: justification %q, want %q", l, got[l], w)
		}
	}
}

func TestSuppressMacroBodies(t *testing.T) {
	src := `async fn f() {
    tokio::select! {
        // rustaudit:allow(fake_bad)
        _ = bad() => {}
        _ = bad() => {}
        // rustaudit:allow(fake_bad) at the end of the body: applies to nothing
    }
    bad();
    my_items! {
        // rustaudit:allow(fake_bad)
        fn g() { bad(); }
        fn h() { bad(); }
    }
    opaque!(@ x // rustaudit:allow(fake_bad)
    );
}
`
	r := analyzeSrc(t, src, false)
	expectLines(t, r.lines(""), "4 fake_bad s", "5 fake_bad -", "8 fake_bad -", "11 fake_bad s", "12 fake_bad -")
	if len(r.notes) > 0 {
		t.Errorf("notifications: %v", r.notes)
	}
}

func TestSuppressDanglingAtEndOfBlock(t *testing.T) {
	src := `fn f() {
    if x {
        go();
        // rustaudit:allow(fake_bad)
    }
    bad();
}
`
	expectLines(t, analyzeSrc(t, src, false).lines(""), "6 fake_bad -")
}

func TestSuppressErrors(t *testing.T) {
	src := `fn f() {
    // rustaudit:allow(fake_bad, no_such_rule) partly wrong
    bad();
    // rustaudit:allow(fake_bad
    bad();
    // rustaudit:allow()
    bad();
    // rustaudit:alow(fake_bad)
    bad();
    // rustaudit:allow fake_bad
    bad();
    /// rustaudit:allow(no_such_rule) in a doc comment is documentation
    bad();
    // see rustaudit:allow(no_such_rule) in prose
    bad();
    /* rustaudit:allow(fake_bad) block comments are not directives */
    bad();
}
`
	r := analyzeSrc(t, src, false)
	expectLines(t, r.lines(""),
		"3 fake_bad s", "5 fake_bad -", "7 fake_bad -", "9 fake_bad -", "11 fake_bad -", "13 fake_bad -", "15 fake_bad -", "17 fake_bad -")
	want := map[int]string{
		2:  `unknown rule "no_such_rule" in rustaudit:allow (valid: `,
		4:  `rustaudit:allow( has no closing parenthesis`,
		6:  `rustaudit:allow() names no rule`,
		8:  `unknown directive "rustaudit:alow"`,
		10: `rustaudit:allow must be followed by the rule ids in parentheses`,
	}
	if len(r.notes) != len(want) {
		t.Errorf("got %d notifications, want %d: %v", len(r.notes), len(want), r.notes)
	}
	for _, n := range r.notes {
		w, ok := want[n.Line]
		if !ok || !strings.Contains(n.Message, w) {
			t.Errorf("line %d: unexpected notification %q (want %q)", n.Line, n.Message, w)
		}
		if !IsSuppressionError(n) || n.Path != "/src/lib.rs" {
			t.Errorf("line %d: not a suppression error: %+v", n.Line, n)
		}
	}
	for _, n := range r.notes {
		if n.Line == 2 && !strings.Contains(n.Message, "fake_bad") {
			t.Errorf("valid ids are not listed: %q", n.Message)
		}
	}
}

func TestSuppressUnused(t *testing.T) {
	src := `// rustaudit:allow-file(fake_later)
fn f() {
    // rustaudit:allow(fake_bad) used
    bad();
    // rustaudit:allow(fake_bad) unused
    fine();
    // rustaudit:allow(fake_later) used by a finding settled later
    later();
    // rustaudit:allow(fake_off) the rule is off: never reported
    fine();
    fine(); // rustaudit:allow(fake_bad, fake_later)
    bad(); // rustaudit:allow(fake_bad, fake_later)
    // rustaudit:allow(fake_bad)
}
`
	r := analyzeSrc(t, src, true)
	expectLines(t, r.lines(UnusedSuppressionID),
		"5 unused_suppression -", "11 unused_suppression -", "12 unused_suppression -", "13 unused_suppression -")
	for _, f := range r.findings {
		if f.Rule != UnusedSuppressionID {
			continue
		}
		if f.Level != LevelWarning || f.Snippet == "" || f.Message == "" || f.Help == "" {
			t.Errorf("incomplete finding: %+v", f)
		}
		switch f.Span.Start.Line {
		case 11:
			if !strings.Contains(f.Message, "rustaudit:allow(fake_bad, fake_later) silences nothing") {
				t.Errorf("message: %q", f.Message)
			}
		case 12:
			if !strings.HasPrefix(f.Message, "fake_later in this rustaudit:allow silences nothing") {
				t.Errorf("message: %q", f.Message)
			}
		case 13:
			if len(f.Notes) == 0 {
				t.Errorf("dangling allow has no note: %+v", f)
			}
		}
	}
	// The file-wide allow of fake_later was used by line 8's pending finding; so were the
	// others except the four reported.
}

func TestSuppressUnusedOff(t *testing.T) {
	src := "fn f() {\n    // rustaudit:allow(fake_bad)\n    fine();\n}\n"
	if got := analyzeSrc(t, src, false).lines(UnusedSuppressionID); len(got) != 0 {
		t.Errorf("unused_suppression is off by default, got %v", got)
	}
}

func TestSuppressUnusedSelf(t *testing.T) {
	src := `// rustaudit:allow-file(unused_suppression) these allows are kept on purpose
fn f() {
    // rustaudit:allow(fake_bad)
    fine();
}
`
	r := analyzeSrc(t, src, true)
	expectLines(t, r.lines(UnusedSuppressionID), "3 unused_suppression s")
	src = `fn f() {
    // rustaudit:allow(unused_suppression)
    fine();
}
`
	r = analyzeSrc(t, src, true)
	expectLines(t, r.lines(UnusedSuppressionID), "2 unused_suppression -")
}

func TestSuppressParseDirective(t *testing.T) {
	sc := suppressionScope{known: func(id string) bool { return id == "a" || id == "b" }, valid: []string{"a", "b"}, enabled: func(string) bool { return true }}
	for _, tc := range []struct {
		in     string
		ids    string
		file   bool
		reason string
		err    string
	}{
		{in: "rustaudit:allow(a)", ids: "a"},
		{in: "rustaudit:allow(a, b) why not", ids: "a,b", reason: "why not"},
		{in: "rustaudit:allow(a,a,b,)", ids: "a,b"},
		{in: "rustaudit:allow(b) -- dashes", ids: "b", reason: "dashes"},
		{in: "rustaudit:allow(b): colon", ids: "b", reason: "colon"},
		{in: "rustaudit:allow(b) \u2014 em dash", ids: "b", reason: "em dash"},
		{in: "rustaudit:allow-file(a) gen", ids: "a", file: true, reason: "gen"},
		{in: "rustaudit:allow(a, zz)", ids: "a", err: `unknown rule "zz" in rustaudit:allow (valid: a, b)`},
		{in: "rustaudit:allow(", err: "no closing parenthesis"},
		{in: "rustaudit:allow( , )", err: "names no rule"},
		{in: "rustaudit:allow", err: "must be followed by the rule ids"},
		{in: "rustaudit:deny(a)", err: `unknown directive "rustaudit:deny"`},
		{in: "rustaudit: note", err: `unknown directive "rustaudit:"`},
	} {
		d, errs := parseDirective(tc.in, sc)
		if got := strings.Join(d.ids, ","); got != tc.ids {
			t.Errorf("%q: ids %q, want %q", tc.in, got, tc.ids)
		}
		if d.file != tc.file || d.reason != tc.reason {
			t.Errorf("%q: file %v reason %q, want %v %q", tc.in, d.file, d.reason, tc.file, tc.reason)
		}
		if joined := strings.Join(errs, "; "); (tc.err == "") != (joined == "") || !strings.Contains(joined, tc.err) {
			t.Errorf("%q: errors %q, want %q", tc.in, joined, tc.err)
		}
	}
}

func TestClippyAllowsSilenceOverlappingRules(t *testing.T) {
	src := `use std::sync::Mutex;
async fn tick() {}

#[allow(clippy::await_holding_lock, reason = "single-threaded runtime")]
async fn allowed(m: &Mutex<u32>) {
    let g = m.lock().unwrap();
    tick().await;
    drop(g);
}

async fn reported(m: &Mutex<u32>) {
    let g = m.lock().unwrap();
    tick().await;
    drop(g);
}

#[allow(clippy::large_futures, clippy::await_holding_refcell_ref)]
async fn other_lints(m: &Mutex<u32>) {
    let g = m.lock().unwrap();
    tick().await;
    drop(g);
}

mod quiet {
    #![expect(clippy::await_holding_lock)]
    async fn inner(m: &std::sync::Mutex<u32>) {
        let g = m.lock().unwrap();
        super::tick().await;
        drop(g);
    }
}

#[allow(clippy::await_holding_invalid_type)]
async fn unrelated_lint(m: &Mutex<u32>) {
    let g = m.lock().unwrap();
    tick().await;
    drop(g);
}

#[allow(clippy::await_holding_refcell_ref)]
async fn refcell_allowed(c: &std::cell::RefCell<u32>) {
    let b = c.borrow_mut();
    tick().await;
    drop(b);
}
`
	run := analyzeWith(t, src, true, LockAcrossAwait)
	fs := run.findings
	// await_holding_refcell_ref maps to lock_across_await too, but only for RefCell borrows:
	// the third fn's Mutex guard is what await_holding_lock covers, so it stays reported; an
	// allow of an unrelated lint silences nothing, and Clippy's attributes are never reported
	// as unused suppressions.
	expectLines(t, run.lines(""), "6 lock_across_await s", "12 lock_across_await -", "19 lock_across_await -", "27 lock_across_await s", "35 lock_across_await -", "42 lock_across_await s")
	for _, f := range fs {
		if f.Span.Start.Line == 6 && f.Justification != "`#[allow(clippy::await_holding_lock, reason = \"single-threaded runtime\")]`" {
			t.Errorf("justification %q", f.Justification)
		}
		if f.Span.Start.Line == 27 && !strings.Contains(f.Justification, "#![expect(clippy::await_holding_lock)]") {
			t.Errorf("justification %q", f.Justification)
		}
	}
}

// An `#[allow(clippy::disallowed_methods)]` on the statement or fn that makes a blocking call
// is the project's decision about that call (its clippy.toml bans it elsewhere): it silences
// blocking_in_async there, with the attribute as the reason. An inner `#![allow]` switches
// the lint off for the whole module and says nothing about one call: reported.
func TestClippyDisallowedMethodsAllow(t *testing.T) {
	src := `async fn load(p: &std::path::Path) -> Vec<u8> {
    #[allow(clippy::disallowed_methods, reason = "a file system loader")]
    let code = std::fs::read(p).unwrap();
    code
}

#[expect(clippy::disallowed_methods)]
async fn pause() {
    std::thread::sleep(std::time::Duration::from_secs(1));
}

async fn reported() {
    std::thread::sleep(std::time::Duration::from_secs(1));
}

mod whole {
    #![allow(clippy::disallowed_methods)]
    pub async fn also_reported() {
        std::thread::sleep(std::time::Duration::from_secs(1));
    }
}
`
	run := analyzeWith(t, src, true, BlockingInAsync)
	expectLines(t, run.lines(""), "3 blocking_in_async s", "9 blocking_in_async s", "13 blocking_in_async -", "19 blocking_in_async -")
	for _, f := range run.findings {
		if f.Span.Start.Line == 3 && !strings.Contains(f.Justification, `reason = "a file system loader"`) {
			t.Errorf("justification %q", f.Justification)
		}
	}
}
