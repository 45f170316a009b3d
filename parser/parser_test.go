package parser

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	ts "github.com/tree-sitter/go-tree-sitter"
	tree_sitter_rust "github.com/tree-sitter/tree-sitter-rust/bindings/go"
)

func parse(t testing.TB, src string) *Tree {
	t.Helper()
	p := NewParser()
	defer p.Close()
	tr, err := p.Parse("x.rs", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// sexp renders named nodes like go-tree-sitter's ToSexp (without field names).
func sexpOf(t *Tree, n NodeID) string {
	var b strings.Builder
	var rec func(NodeID)
	rec = func(x NodeID) {
		nd := &t.Nodes[x]
		if nd.Flags&FlagNamed == 0 {
			return
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("(" + nd.Kind.String())
		for c := nd.FirstChild; c >= 0; c = t.Nodes[c].Next {
			rec(c)
		}
		b.WriteString(")")
	}
	rec(n)
	return b.String()
}

func stripFields(s string) string {
	// ToSexp writes "field: (kind"; drop the field names.
	var out []string
	for _, w := range strings.Fields(s) {
		if strings.HasSuffix(w, ":") {
			continue
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}

const sample = `use std::task::{Context as TaskContext, Poll};
struct S<T> { a: [u8; 4], t: T }
impl<T> S<T> {
    async fn go(&self, cx: &mut TaskContext<'_>) -> Poll<()> {
        let x = "héllo 🦀"; // comment
        loop { if x.len() > 3 { break } }
        Poll::Pending
    }
}
`

// The flattened tree must be node for node what the official bindings see: this checks
// the ABI restated in tsabi.h.
func TestFlatTreeMatchesBindings(t *testing.T) {
	srcs := []string{sample, "fn main() { let a = (1 + 2) * 3; }", "", "fn broken( {"}
	for _, src := range srcs {
		tsp := ts.NewParser()
		if err := tsp.SetLanguage(ts.NewLanguage(tree_sitter_rust.Language())); err != nil {
			t.Fatal(err)
		}
		want := tsp.Parse([]byte(src), nil)
		root := want.RootNode()
		p := NewParser()
		p.ExpandMacros = false
		got, err := p.Parse("x.rs", []byte(src))
		p.Close()
		if err != nil {
			t.Fatal(err)
		}
		if g, w := sexpOf(got, 0), stripFields(root.ToSexp()); strings.ReplaceAll(g, "(MISSING", "(") != strings.ReplaceAll(w, "(MISSING", "(") && !strings.Contains(w, "MISSING") {
			t.Errorf("tree of %q differs:\n got %s\nwant %s", src, g, w)
		}
		if int(root.DescendantCount()) != len(got.Nodes) {
			t.Errorf("%q: %d nodes, bindings count %d", src, len(got.Nodes), root.DescendantCount())
		}
		if uint32(root.EndByte()) != got.Nodes[0].End {
			t.Errorf("%q: root ends at %d, want %d", src, got.Nodes[0].End, root.EndByte())
		}
		want.Close()
		tsp.Close()
	}
}

func TestPosition(t *testing.T) {
	line := []byte("a\té🦀x\xffz")
	cases := []struct {
		byteCol       uint32
		col, colUTF16 int
	}{
		{0, 1, 1},
		{1, 2, 2},  // after 'a'
		{2, 3, 3},  // after tab
		{4, 4, 4},  // after é (2 bytes)
		{8, 5, 6},  // after 🦀 (4 bytes, 2 UTF-16 units)
		{9, 6, 7},  // after x
		{10, 7, 8}, // after an invalid byte: one character
		{11, 8, 9},
	}
	for _, c := range cases {
		p := Position(line, 4, c.byteCol)
		if p.Line != 5 || p.Col != c.col || p.ColUTF16 != c.colUTF16 {
			t.Errorf("byte %d: got line %d col %d utf16 %d, want 5/%d/%d", c.byteCol, p.Line, p.Col, p.ColUTF16, c.col, c.colUTF16)
		}
	}
}

// checkPositions asserts that every node reachable from the root, including nodes grafted
// from macro bodies, has row/column consistent with its byte offset, and lies within its
// parent.
func checkPositions(t *testing.T, tr *Tree) {
	t.Helper()
	bad := 0
	tr.Walk(0, func(n NodeID) bool {
		nd := &tr.Nodes[n]
		if int(nd.StartRow) >= len(tr.Lines) || tr.Lines[nd.StartRow]+int(nd.StartCol) != int(nd.Start) ||
			int(nd.EndRow) >= len(tr.Lines) || tr.Lines[nd.EndRow]+int(nd.EndCol) != int(nd.End) {
			if bad < 5 {
				t.Errorf("%s %q: offsets %d-%d do not match rows/cols %d:%d-%d:%d", nd.Kind, tr.Text(n), nd.Start, nd.End, nd.StartRow, nd.StartCol, nd.EndRow, nd.EndCol)
			}
			bad++
		}
		if p := nd.Parent; p >= 0 && (nd.Start < tr.Nodes[p].Start || nd.End > tr.Nodes[p].End) {
			if bad < 5 {
				t.Errorf("%s %q lies outside its parent %s", nd.Kind, tr.Text(n), tr.Nodes[p].Kind)
			}
			bad++
		}
		return true
	})
}

func TestSelectBranches(t *testing.T) {
	src := `async fn f() {
    loop {
        tokio::select! {
            biased;
            Some(msg) = rx.recv(), if !closed => {
                handle(msg).await;
            }
            _ = tokio::time::sleep(
                Duration::from_secs(1)) => break,
            res = &mut fut => return res,
            else => { break }
        }
    }
}`
	tr := parse(t, src)
	checkPositions(t, tr)
	var m NodeID = None
	tr.Walk(0, func(n NodeID) bool {
		if tr.Is(n, KMacroInvocation) {
			m = n
		}
		return true
	})
	body := tr.MacroBody(m)
	if body < 0 {
		t.Fatal("select! body was not re-parsed")
	}
	var kinds []string
	tr.Children(body, func(c NodeID) bool { kinds = append(kinds, tr.Kind(c).String()); return true })
	if got := strings.Join(kinds, " "); got != "select_biased select_branch select_branch select_branch select_else" {
		t.Fatalf("branches: %s", got)
	}
	b1 := tr.NamedChild(body, 1)
	if got := tr.Text(tr.Field(b1, FPattern)); got != "Some(msg)" {
		t.Errorf("pattern %q", got)
	}
	if got := tr.Text(tr.Field(b1, FFuture)); got != "rx.recv()" {
		t.Errorf("future %q", got)
	}
	if got := tr.Text(tr.Field(b1, FCondition)); got != "!closed" {
		t.Errorf("condition %q", got)
	}
	h := tr.Field(b1, FHandler)
	if !tr.Is(h, KBlock) || !strings.Contains(tr.Text(h), "handle(msg).await") {
		t.Errorf("handler %q", tr.Text(h))
	}
	b2 := tr.NamedChild(body, 2)
	fut := tr.Field(b2, FFuture)
	if !tr.Is(fut, KCallExpression) || tr.Nodes[fut].StartRow != 7 || tr.Nodes[fut].EndRow != 8 {
		t.Errorf("multi-line future %q at rows %d-%d", tr.Text(fut), tr.Nodes[fut].StartRow, tr.Nodes[fut].EndRow)
	}
	if !tr.TextIs(tr.Field(b2, FPattern), "_") {
		t.Errorf("the `_` pattern of branch 2 is missing: %s", tr.String(b2))
	}
	if !tr.Is(tr.Field(b2, FHandler), KBreakExpression) {
		t.Errorf("handler of branch 2: %s", tr.String(b2))
	}
	b3 := tr.NamedChild(body, 3)
	if !tr.Is(tr.Field(b3, FFuture), KReferenceExpression) || !tr.Is(tr.Field(b3, FHandler), KReturnExpression) {
		t.Errorf("branch 3: %s", tr.String(b3))
	}
	// The await inside the handler is reachable by walking from the root.
	found := false
	tr.Walk(0, func(n NodeID) bool {
		if tr.Is(n, KAwaitExpression) && tr.Nodes[n].Flags&FlagFromMacro != 0 {
			found = true
		}
		return true
	})
	if !found {
		t.Error("the .await inside the select! handler is not reachable")
	}
}

func TestOtherMacros(t *testing.T) {
	src := `cfg_if::cfg_if! {
    if #[cfg(unix)] {
        async fn a() { x.await }
    } else {
        fn b() {}
    }
}
cfg_rt! {
    pub fn spawn_it() { tokio::spawn(async { loop {} }); }
}
async fn f() {
    let (a, b) = tokio::join!(one(), async { two().await });
    tokio::pin!(fut);
    let v = vec![0u8; 64 * 1024];
    let w = vec![m.lock().unwrap().len(); 4];
    println!("{}", q.lock().unwrap());
    ready!(self.inner.poll(cx));
    html! { <div> }
}`
	tr := parse(t, src)
	checkPositions(t, tr)
	names := map[string]string{}
	tr.Walk(0, func(n NodeID) bool {
		if tr.Is(n, KMacroInvocation) {
			body := tr.MacroBody(n)
			s := "unexpanded"
			if body >= 0 {
				s = tr.String(body)
			}
			names[tr.MacroName(n)] += s + ";"
		}
		return true
	})
	expect := map[string]string{
		"cfg_if":  "(function_item",
		"cfg_rt":  "(call_expression function: (scoped_identifier",
		"join":    "(macro_body (call_expression",
		"pin":     "(macro_body (identifier))",
		"vec":     "unexpanded;(macro_body (call_expression", // the first has no token any rule looks for
		"ready":   "(call_expression",
		"println": "(string_literal",
		"html":    "unexpanded",
	}
	for name, want := range expect {
		if !strings.Contains(names[name], want) {
			t.Errorf("%s!: got %s, want it to contain %s", name, names[name], want)
		}
	}
	// Both cfg_if arms are there.
	if c := strings.Count(names["cfg_if"], "(function_item"); c != 2 {
		t.Errorf("cfg_if!: %d functions, want 2: %s", c, names["cfg_if"])
	}
}

func TestImports(t *testing.T) {
	src := `use tokio::{spawn as go, task, time::{self, sleep}};
use std::task::Context as TaskContext;
use futures::prelude::*;
use std::task::Poll::{self, *};
use ::std::sync::Mutex;
fn f() { use tokio::sync::mpsc::unbounded_channel; }
`
	tr := parse(t, src)
	cases := map[string]string{
		"go":                   "tokio::spawn",
		"task::spawn":          "tokio::task::spawn",
		"sleep":                "tokio::time::sleep",
		"time::sleep":          "tokio::time::sleep",
		"TaskContext":          "std::task::Context",
		"Mutex":                "std::sync::Mutex",
		"unbounded_channel":    "tokio::sync::mpsc::unbounded_channel",
		"Vec::<u8>::new":       "Vec::new",
		"other::thing":         "other::thing",
		"tokio :: time::sleep": "tokio::time::sleep",
	}
	for in, want := range cases {
		if got := tr.Imports.Resolve(in); got != want {
			t.Errorf("Resolve(%q) = %q, want %q", in, got, want)
		}
	}
	if !tr.Imports.GlobFrom("futures::prelude") || !tr.Imports.GlobFrom("std::task::Poll") {
		t.Errorf("glob import not recorded: %v", tr.Imports.Globs)
	}
}

// TestImportsNestedModule: the file's own imports win over those of an inline module (a
// `mod test` importing std's Mutex does not make the file's futures Mutex std's); a nested
// module's import still names what the file does not import.
func TestImportsNestedModule(t *testing.T) {
	src := `use futures::lock::Mutex;
pub struct P { locks: Vec<Mutex<()>> }
pub mod test {
    use std::sync::{Arc, Mutex};
    use tokio::sync::Notify;
}
`
	tr := parse(t, src)
	for in, want := range map[string]string{"Mutex": "futures::lock::Mutex", "Notify": "tokio::sync::Notify", "Arc": "std::sync::Arc"} {
		if got := tr.Imports.Resolve(in); got != want {
			t.Errorf("Resolve(%q) = %q, want %q", in, got, want)
		}
	}
}

// Deep nesting must not overflow any stack: the C walk and Walk are iterative.
func TestDeepNesting(t *testing.T) {
	depth := 10000
	src := "fn f() { let x = " + strings.Repeat("(", depth) + "1" + strings.Repeat(")", depth) + "; }"
	tr := parse(t, src)
	n := 0
	tr.Walk(0, func(NodeID) bool { n++; return true })
	if n < depth {
		t.Fatalf("walked %d nodes, want at least %d", n, depth)
	}
}

// Every fixture in the repository re-parses its macros with consistent positions.
func TestFixturePositions(t *testing.T) {
	eachFixture(t, func(f string, tr *Tree) {
		t.Run(filepath.Base(f), func(t *testing.T) { checkPositions(t, tr) })
	})
}

// eachFixture parses every rule fixture of the repository and hands over its tree.
func eachFixture(t *testing.T, fn func(path string, tr *Tree)) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "rules", "*", "*.rs"))
	more, _ := filepath.Glob(filepath.Join("..", "testdata", "rules", "*", "*", "*.rs"))
	files = append(files, more...)
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	p := NewParser()
	defer p.Close()
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		tr, err := p.Parse(f, src)
		if err != nil {
			t.Fatal(err)
		}
		fn(f, tr)
	}
}

func TestTimeout(t *testing.T) {
	p := NewParser()
	defer p.Close()
	p.Budget = 1 // 1ns: abandoned at the first progress check
	src := []byte(strings.Repeat("fn f() { let x = 1; }\n", 20000))
	if _, err := p.Parse("big.rs", src); err != ErrTimeout {
		t.Fatalf("got %v, want ErrTimeout", err)
	}
	p.Budget = 0
	if _, err := p.Parse("big.rs", src); err != nil {
		t.Fatalf("the parser is not usable after a timeout: %v", err)
	}
}

// TestGrammarGapDynLifetimeFirst checks that a trait object whose lifetime bound comes first
// (`dyn 'static + Send + Fn(u8)`, valid Rust the grammar does not take) parses without
// errors, keeps the text as written, and that a char literal after `dyn` is left alone.
func TestGrammarGapDynLifetimeFirst(t *testing.T) {
	src := []byte("struct A { f: Box<dyn 'static + Send + Sync + Fn(u8) -> u8>, g: Box<dyn 'a + 'b + Send> }\n" +
		"fn x() { let dyn_c = 'q'; let _ = dyn_c; }\n")
	p := NewParser()
	defer p.Close()
	tree, err := p.Parse("a.rs", src)
	if err != nil {
		t.Fatal(err)
	}
	if len(tree.ErrorRows) != 0 {
		t.Errorf("syntax errors at rows %v", tree.ErrorRows)
	}
	found := false
	for i := range tree.Nodes {
		if tree.Kind(NodeID(i)) == NamedKind("dynamic_type") || tree.Kind(NodeID(i)) == NamedKind("bounded_type") {
			if strings.Contains(tree.Text(NodeID(i)), "'static + Send") {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("no trait-object node keeps the text `dyn 'static + Send ..` as written")
	}
	if got := patchGrammarGaps([]byte("let dyn 'x' + 1")); got != nil {
		t.Errorf("a char literal after dyn was patched: %q", got)
	}
	if patchGrammarGaps([]byte("fn f() {}")) != nil {
		t.Errorf("a file without the gap was copied")
	}
}
