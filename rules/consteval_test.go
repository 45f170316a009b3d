package rules

import (
	"strings"
	"testing"

	"github.com/rustaudit/rustaudit/parser"
)

// constTestDefs parses src and returns its const items as ConstDefs (as RecordConst would
// record them for file "a.rs"), plus the tree.
func constTestDefs(t *testing.T, src string) ([]ConstDef, *parser.Tree) {
	t.Helper()
	p := parser.NewParser()
	defer p.Close()
	tree, err := p.Parse("a.rs", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(tree.ErrorRows) > 0 {
		t.Fatalf("syntax errors at rows %v in %q", tree.ErrorRows, src)
	}
	var defs []ConstDef
	tree.Walk(tree.Root(), func(n parser.NodeID) bool {
		if tree.Is(n, parser.KConstItem) {
			name := tree.Text(tree.Field(n, parser.FName))
			d := ConstDef{Name: name, File: "a.rs", Pos: tree.Nodes[n].Start, Expr: ConstExprOf(tree, tree.Field(n, parser.FValue))}
			tree.Ancestors(n, func(a parser.NodeID) bool {
				if tree.Is(a, parser.KBlock) || tree.Is(a, parser.KDeclarationList) {
					d.ScopeStart, d.ScopeEnd, d.InBody = tree.Nodes[a].Start, tree.Nodes[a].End, tree.Is(a, parser.KBlock)
					return false
				}
				return true
			})
			defs = append(defs, d)
		}
		return true
	})
	return defs, tree
}

func lookupIn(defs []ConstDef) ConstLookup {
	return func(name, file string, pos uint32) []ConstDef {
		var all []ConstDef
		for _, d := range defs {
			if d.Name == name {
				all = append(all, d)
			}
		}
		return pickConstDefs(all, file, pos)
	}
}

// evalNamed evaluates the const `name` of src (the first with that name).
func evalNamed(t *testing.T, src, name string) (string, bool) {
	t.Helper()
	defs, _ := constTestDefs(t, src)
	for _, d := range defs {
		if d.Name == name {
			v, ok := EvalConst(d.Expr, d.File, d.Pos, lookupIn(defs))
			if !ok {
				return "", false
			}
			return v.String(), true
		}
	}
	t.Fatalf("no const %s in %q", name, src)
	return "", false
}

func TestEvalConst(t *testing.T) {
	cases := []struct {
		src  string
		want string // "" = unknown
	}{
		{"const X: usize = 64 * 1024;", "65536"},
		{"const X: usize = 1 << 16;", "65536"},
		{"const X: usize = (1 << 12) + 16;", "4112"},
		{"const X: usize = 1_024usize * 0x10;", "16384"},
		{"const X: usize = 0b1000 | 0o7;", "15"},
		{"const X: usize = 0xFF_FFu32 as usize & 0xF0;", "240"},
		{"const X: usize = 100 / 7 % 5;", "4"},
		{"const X: usize = 1 << 20 >> 4;", "65536"},
		{"const X: usize = 6 ^ 3;", "5"},
		{"const X: i32 = -7 / 2;", "-3"},
		{"const X: i32 = -7 % 2;", "-1"},
		{"const X: usize = { 64 * 1024 };", "65536"},
		{"const X: usize = u16::MAX as usize + 1;", "65536"},
		{"const X: u8 = 300u32 as u8;", "44"},
		{"const X: i8 = 200 as i8;", "-56"},
		{"const X: usize = -1i32 as usize;", "18446744073709551615"},
		{"const X: u32 = u32::BITS;", "32"},
		{"const X: i64 = i16::MIN as i64;", "-32768"},
		{"const X: usize = 2usize.pow(16);", "65536"},
		{"const X: usize = usize::pow(4, 3);", "64"},
		{"const X: usize = std::mem::size_of::<u64>() * 4;", "32"},
		{"const X: usize = core::mem::size_of::<[u32; 8]>();", "32"},
		{"const X: usize = b'a' as usize;", "97"},
		{"const X: usize = b'\\n' as usize;", "10"},
		{"const X: u32 = 'é' as u32;", "233"},
		// references, chains and the usual idioms
		{"const KB: usize = 1024; const X: usize = 64 * KB;", "65536"},
		{"const X: usize = 4 * MB; const MB: usize = KB * KB; const KB: usize = 1 << 10;", "4194304"},
		{"mod sizes { pub const N: usize = 512; } const X: usize = sizes::N * 2;", "1024"},
		{"struct S; impl S { const N: usize = 3; const X: usize = Self::N + 1; }", "4"},
		// unknown
		{"const X: usize = usize::MAX;", ""},
		{"const X: usize = isize::MAX as usize;", ""},
		{"const X: usize = usize::BITS as usize;", ""},
		{"const X: usize = page_size();", ""},
		{"const X: usize = MISSING * 2;", ""},
		{"const X: usize = 1 / 0;", ""},
		{"const X: usize = 1 << 200;", ""},
		{"const X: usize = 1 << -1;", ""},
		{"const X: usize = if true { 1 } else { 2 };", ""},
		{"const X: usize = std::mem::size_of::<(u8, u32)>();", ""},
		{"const X: usize = std::mem::size_of::<String>();", ""},
		{"const X: f64 = 1.5;", ""},
		{"const X: usize = 2usize.pow(400);", ""},
		{"const X: usize = Y; const Y: usize = X;", ""},
		{"const X: usize = X + 1;", ""},
		{"const X: bool = 1 < 2;", ""},
	}
	for _, c := range cases {
		got, ok := evalNamed(t, c.src, "X")
		if c.want == "" {
			if ok {
				t.Errorf("%s: got %s, want unknown", c.src, got)
			}
			continue
		}
		if !ok || got != c.want {
			t.Errorf("%s: got %q (ok=%v), want %s", c.src, got, ok, c.want)
		}
	}
}

// TestConstScopes checks that references resolve like Rust's names: the innermost block or
// module first, then the file, then the crate outside function bodies; disagreeing
// definitions are unknown.
func TestConstScopes(t *testing.T) {
	src := `
const N: usize = 100;
fn f() {
    const N: usize = 7;
    const A: usize = N * 2;
}
mod m {
    const N: usize = 3;
    const B: usize = N + 1;
}
const C: usize = N + 1;
`
	for name, want := range map[string]string{"A": "14", "B": "4", "C": "101"} {
		if got, ok := evalNamed(t, src, name); !ok || got != want {
			t.Errorf("%s = %q (ok=%v), want %s", name, got, ok, want)
		}
	}

	// Another file of the crate: fn-local consts are invisible, module-level ones must agree.
	defs := []ConstDef{
		{Name: "N", File: "a.rs", ScopeStart: 10, ScopeEnd: 50, InBody: true, Expr: ConstLit(7)},
		{Name: "N", File: "b.rs", Expr: ConstLit(65536)},
		{Name: "M", File: "b.rs", Expr: ConstLit(1)},
		{Name: "M", File: "c.rs", Expr: ConstLit(2)},
		{Name: "K", File: "b.rs", Expr: ConstLit(4)},
		{Name: "K", File: "c.rs", ScopeStart: 1, ScopeEnd: 9, Expr: ConstLit(4)},
	}
	look := lookupIn(defs)
	ref := func(n string) *ConstExpr { return &ConstExpr{Op: "ref", Name: n} }
	if v, ok := EvalConst(ref("N"), "d.rs", 0, look); !ok || v.Int64() != 65536 {
		t.Errorf("N from d.rs = %v, %v; want 65536", v, ok)
	}
	if v, ok := EvalConst(ref("N"), "a.rs", 20, look); !ok || v.Int64() != 7 {
		t.Errorf("N inside a.rs's block = %v, %v; want 7", v, ok)
	}
	if _, ok := EvalConst(ref("M"), "d.rs", 0, look); ok {
		t.Errorf("M has two different definitions: want unknown")
	}
	if v, ok := EvalConst(ref("M"), "c.rs", 0, look); !ok || v.Int64() != 2 {
		t.Errorf("M from c.rs = %v, %v; want its own 2", v, ok)
	}
	if v, ok := EvalConst(ref("K"), "d.rs", 0, look); !ok || v.Int64() != 4 {
		t.Errorf("K (agreeing definitions) = %v, %v; want 4", v, ok)
	}
	if _, ok := EvalConst(ref("N"), "d.rs", 0, nil); ok {
		t.Errorf("no lookup: want unknown")
	}
}

func TestParseIntLiteral(t *testing.T) {
	for s, want := range map[string]string{
		"0": "0", "42": "42", "1_000": "1000", "64u8": "64", "0x1_0000": "65536", "0xffu8": "255",
		"0o17": "15", "0b1010_1010": "170", "7usize": "7", "12i128": "12", "0x18": "24",
	} {
		v, ok := ParseIntLiteral(s)
		if !ok || v.String() != want {
			t.Errorf("ParseIntLiteral(%q) = %v, %v; want %s", s, v, ok, want)
		}
	}
	for _, s := range []string{"", "0x", "1.5", "abc"} {
		if _, ok := ParseIntLiteral(s); ok {
			t.Errorf("ParseIntLiteral(%q) parsed", s)
		}
	}
}

// TestTypeSizeExpr checks array, primitive and unknown types, exact and lower-bound.
func TestTypeSizeExpr(t *testing.T) {
	cases := []struct {
		ty    string
		exact string // "" = unknown
		lower string
	}{
		{"[u8; 65536]", "65536", "65536"},
		{"[[u32; 64]; 64]", "16384", "16384"},
		{"[u64; 4096]", "32768", "32768"},
		{"[char; 10]", "40", "40"},
		{"[bool; 3]", "3", "3"},
		{"[i128; 2]", "32", "32"},
		{"[(); 100]", "0", "0"},
		{"[Slot; 100]", "", "100"},
		{"[(u8, u32); 10]", "", "50"},
		{"[u8; N]", "", ""},
	}
	for _, c := range cases {
		_, tree := constTestDefs(t, "fn f() { let x: "+c.ty+"; }")
		var ty parser.NodeID = parser.None
		tree.Walk(tree.Root(), func(n parser.NodeID) bool {
			if tree.Is(n, parser.KLetDeclaration) {
				ty = tree.Field(n, parser.FType)
			}
			return true
		})
		for _, mode := range []struct {
			unknownAs *ConstExpr
			want      string
		}{{nil, c.exact}, {ConstLit(1), c.lower}} {
			v, ok := EvalConst(TypeSizeExpr(tree, ty, mode.unknownAs), "a.rs", 0, nil)
			got := ""
			if ok {
				got = v.String()
			}
			if got != mode.want {
				t.Errorf("size of %s (unknownAs=%v) = %q, want %q", c.ty, mode.unknownAs != nil, got, mode.want)
			}
		}
	}
}

func TestConstExprRefs(t *testing.T) {
	defs, _ := constTestDefs(t, "const X: usize = A * (B + A) << crate::c::C;")
	refs := defs[0].Expr.Refs()
	if len(refs) != 3 || refs[0] != "A" || refs[1] != "B" || refs[2] != "C" {
		t.Errorf("Refs = %v, want [A B C]", refs)
	}
	if defs[0].Expr.HasUnknown() {
		t.Errorf("HasUnknown on a fully supported expression")
	}
	defs, _ = constTestDefs(t, "const X: usize = A * f();")
	if !defs[0].Expr.HasUnknown() {
		t.Errorf("HasUnknown false with a call")
	}
}

// TestLargeFutureCaptureThreshold checks that large_future_capture reads its threshold
// option (configuration may set e.g. threshold = 512), for literal and const-sized arrays.
// It lives here because it exercises the crate-wide const settling too.
func TestLargeFutureCaptureThreshold(t *testing.T) {
	src := []byte(`const N: usize = 1024;
async fn f(sock: &mut Sock) {
    let mut a = [0u8; 1024];
    let mut b = [0u8; N];
    sock.read(&mut a).await;
    sock.read(&mut b).await;
}
`)
	p := parser.NewParser()
	defer p.Close()
	tree, err := p.Parse("f.rs", src)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		threshold any
		want      int
	}{{nil, 0}, {int64(512), 2}, {512, 2}, {int64(1024), 2}, {int64(1025), 0}} {
		s := &Settings{Levels: map[string]Level{}, Options: map[string]map[string]any{}}
		if c.threshold != nil {
			s.Options[LargeFutureCapture.ID] = map[string]any{"threshold": c.threshold}
		}
		eng := NewEngine([]*Rule{LargeFutureCapture}, s)
		res := eng.Analyze(tree, FileInfo{Path: "f.rs", Crate: ".", Edition: "2021"})
		findings, _ := Settle([]*FileResult{res})
		if len(findings) != c.want {
			t.Errorf("threshold %v: %d findings, want %d: %v", c.threshold, len(findings), c.want, findings)
		}
	}
}

// warn-threshold splits what threshold reports: a held array below it is a note (Tokio puts
// a large future on the heap), at or above it a warning; a `no_std` crate keeps its futures in
// static memory, so there every reported array is a warning.
func TestLargeFutureWarnThreshold(t *testing.T) {
	src := "async fn f(s: &tokio::net::UdpSocket) {\n    let mut buf = [0u8; 65536];\n    s.recv(&mut buf).await.ok();\n}\n"
	for _, c := range []struct {
		warnAt any
		noStd  bool
		want   Level
	}{{nil, false, LevelNote}, {int64(65536), false, LevelWarning}, {int64(65537), false, LevelNote}, {nil, true, LevelWarning}} {
		text := src
		if c.noStd {
			text = "#![no_std]\n" + src
		}
		pp := parser.NewParser()
		tree, err := pp.Parse("f.rs", []byte(text))
		pp.Close()
		if err != nil {
			t.Fatal(err)
		}
		s := &Settings{Levels: map[string]Level{}, Options: map[string]map[string]any{}}
		if c.warnAt != nil {
			s.Options[LargeFutureCapture.ID] = map[string]any{"warn-threshold": c.warnAt}
		}
		eng := NewEngine([]*Rule{LargeFutureCapture}, s)
		res := eng.Analyze(tree, FileInfo{Path: "f.rs", Crate: ".", Edition: "2021"})
		findings, _ := Settle([]*FileResult{res})
		if len(findings) != 1 || findings[0].Level != c.want {
			t.Errorf("warn-threshold %v, no_std %v: want one %s, got %v", c.warnAt, c.noStd, c.want, findings)
			continue
		}
		if hasHeap := strings.Contains(strings.Join(findings[0].Notes, "\n"), "moves a future larger than 2 KiB to the heap"); hasHeap != (c.want == LevelNote) {
			t.Errorf("warn-threshold %v, no_std %v: the heap note is there: %v", c.warnAt, c.noStd, hasHeap)
		}
	}
}
