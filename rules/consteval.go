package rules

import (
	"bytes"
	"math/big"
	"strconv"
	"strings"

	"github.com/rustaudit/rustaudit/parser"
)

// Constant evaluation. A constant expression (an array length, the value of a `const` item)
// is lifted out of the syntax tree into a ConstExpr: a small immutable value that can be
// recorded as a crate fact and evaluated once every file's `const` items are known. Anything
// the evaluator does not understand (a function call, `usize::MAX`, a const generic) makes
// the whole expression unknown, and callers stay quiet on unknown values.

// ConstExpr is a constant expression. It holds no syntax nodes, so it can outlive its tree.
type ConstExpr struct {
	// Op is "lit" (Val), "ref" (Name: the last path segment of a const), "?" (unknown),
	// "neg", a binary operator ("+", "-", "*", "/", "%", "<<", ">>", "&", "|", "^"),
	// "as" (X cast to the primitive type Name) or "pow" (X raised to Y).
	Op   string
	Val  *big.Int
	Name string
	X, Y *ConstExpr
}

var constUnknown = &ConstExpr{Op: "?"}

// ConstLit returns a literal expression.
func ConstLit(v int64) *ConstExpr { return &ConstExpr{Op: "lit", Val: big.NewInt(v)} }

// ConstMul returns x * y.
func ConstMul(x, y *ConstExpr) *ConstExpr { return &ConstExpr{Op: "*", X: x, Y: y} }

// Refs returns the names of the consts e refers to, in order, without duplicates.
func (e *ConstExpr) Refs() []string {
	var out []string
	seen := map[string]bool{}
	var rec func(*ConstExpr)
	rec = func(x *ConstExpr) {
		if x == nil {
			return
		}
		if x.Op == "ref" && !seen[x.Name] {
			seen[x.Name] = true
			out = append(out, x.Name)
		}
		rec(x.X)
		rec(x.Y)
	}
	rec(e)
	return out
}

// HasUnknown reports whether some part of e is unknown.
func (e *ConstExpr) HasUnknown() bool {
	if e == nil || e.Op == "?" {
		return true
	}
	switch e.Op {
	case "lit", "ref":
		return false
	case "neg", "as":
		return e.X.HasUnknown()
	}
	return e.X.HasUnknown() || e.Y.HasUnknown()
}

// ConstDef is one `const` item as recorded in a crate fact: its name, value and where it is
// visible. A const declared in a block (a function body) or a declaration list (an inline
// `mod`, an `impl`) has that node's byte range as its scope; a file-level const has none.
type ConstDef struct {
	Name       string
	File       string
	Pos        uint32 // start of the item: references in its value resolve from here
	ScopeStart uint32
	ScopeEnd   uint32 // 0: the file's top level
	InBody     bool   // declared in a block: invisible outside it
	Expr       *ConstExpr
	Cfg        string // the `#[cfg(..)]` attribute on the item, "" when none
}

// constFacts is the key of the `const` items of a crate, recorded by name (constFacts.For).
var constFacts = NewFactKey[ConstDef]("consteval.const")

// RecordConst records the `const` item n (a const_item node) as a crate fact, so that
// EvalConst can resolve references to it from any file of the crate. Items without a value
// (`const N: usize;` in a trait) are not recorded.
func RecordConst(p *Pass, n parser.NodeID) {
	t := p.Tree
	name := t.Field(n, parser.FName)
	val := t.Field(n, parser.FValue)
	if name < 0 || val < 0 {
		return
	}
	d := ConstDef{Name: t.Text(name), File: p.Info.Path, Pos: t.Nodes[n].Start, Expr: ConstExprOf(t, val), Cfg: constCfgOf(t, n)}
	t.Ancestors(n, func(a parser.NodeID) bool {
		switch t.Kind(a) {
		case parser.KBlock, parser.KDeclarationList:
			d.ScopeStart, d.ScopeEnd = t.Nodes[a].Start, t.Nodes[a].End
			d.InBody = t.Is(a, parser.KBlock)
			return false
		}
		return true
	})
	Record(p, constFacts.For(d.Name), d)
}

// constForeignCrates are crates whose consts share names with a crate's own (`PIPE_BUF`,
// `MAX`): a path through them is never one of the crate's consts.
var constForeignCrates = map[string]bool{
	"std": true, "core": true, "alloc": true, "libc": true, "nix": true, "rustix": true,
	"winapi": true, "windows_sys": true, "windows": true, "tokio": true, "futures": true,
}

// constCfgOf returns the `#[cfg(..)]` attribute written right before item n, or "".
func constCfgOf(t *parser.Tree, n parser.NodeID) string {
	par := t.Parent(n)
	if par < 0 {
		return ""
	}
	cfg := ""
	for c := t.N(par).FirstChild; c >= 0 && c != n; c = t.N(c).Next {
		switch {
		case t.Is(c, parser.KAttributeItem):
			// (the squeezed text starts with `#[cfg(` only when the source holds it)
			if !bytes.Contains(t.Bytes(c), []byte("#[cfg(")) {
				break
			}
			if txt := strings.Join(strings.Fields(t.Text(c)), " "); strings.HasPrefix(txt, "#[cfg(") {
				cfg = txt
			}
		case t.IsComment(c):
		default:
			cfg = "" // an attribute of an earlier item
		}
	}
	return cfg
}

// ConstLookup returns the definitions a reference to the const name, at byte pos of file,
// may mean.
type ConstLookup func(name, file string, pos uint32) []ConstDef

// CrateConsts looks consts up among the facts RecordConst left in crate c, the way Rust's
// name resolution looks: the innermost block or module of the same file that declares the
// name, else the file's top level, else every definition of the crate outside function
// bodies (imports are not followed: they must all agree).
func CrateConsts(c *Crate) ConstLookup {
	return func(name, file string, pos uint32) []ConstDef {
		return pickConstDefs(Facts(c, constFacts.For(name)), file, pos)
	}
}

func pickConstDefs(all []ConstDef, file string, pos uint32) []ConstDef {
	var inner, top, crate []ConstDef
	var innerSize uint32
	for _, d := range all {
		switch {
		case d.File == file && d.ScopeEnd > 0 && d.ScopeStart <= pos && pos < d.ScopeEnd:
			size := d.ScopeEnd - d.ScopeStart
			if inner == nil || size < innerSize {
				inner, innerSize = nil, size
			}
			if size == innerSize {
				inner = append(inner, d)
			}
		case d.File == file && d.ScopeEnd == 0:
			top = append(top, d)
		}
		if !d.InBody {
			crate = append(crate, d)
		}
	}
	if inner != nil {
		return inner
	}
	if top != nil {
		return top
	}
	return crate
}

// maxConstBits bounds intermediate values; anything larger is not a size we care about.
const maxConstBits = 256

// EvalConst evaluates e, found at byte pos of file, resolving const references with lookup
// (nil: none).
// A name with several definitions resolves only when they all have the same value. It
// returns false when any part is unknown, a reference cannot be resolved or is cyclic, a
// value overflows maxConstBits, or a division by zero happens.
func EvalConst(e *ConstExpr, file string, pos uint32, lookup ConstLookup) (*big.Int, bool) {
	ev := constEvaluator{lookup: lookup, visiting: map[constKey]bool{}}
	v := ev.eval(e, file, pos, 0)
	return v, v != nil
}

type constEvaluator struct {
	lookup   ConstLookup
	visiting map[constKey]bool // the consts being evaluated (cycle guard)
	// largest: when every definition of a name is a `#[cfg]` alternative and they disagree,
	// take the largest; cfgs says which were taken.
	largest bool
	cfgs    []CfgChoice
}

// CfgChoice is a `#[cfg]` alternative EvalConstLargest took for a const name.
type CfgChoice struct {
	Name  string
	Cfg   string
	Value *big.Int
}

// EvalConstLargest is EvalConst for sizes: where a const has several `#[cfg(..)]`'d
// definitions that disagree (`PIPE_BUF` per target OS), it takes the largest and says which
// it took, so that a size that is too big on one target is judged there. Only expressions
// that grow with their operands (`+`, `*`, `<<`, casts) are judged this way; any other
// gives up as EvalConst does.
func EvalConstLargest(e *ConstExpr, file string, pos uint32, lookup ConstLookup) (*big.Int, []CfgChoice, bool) {
	if !constMonotone(e) {
		v, ok := EvalConst(e, file, pos, lookup)
		return v, nil, ok
	}
	ev := constEvaluator{lookup: lookup, visiting: map[constKey]bool{}, largest: true}
	v := ev.eval(e, file, pos, 0)
	return v, ev.cfgs, v != nil
}

func constMonotone(e *ConstExpr) bool {
	if e == nil {
		return true
	}
	switch e.Op {
	case "lit", "ref":
		return true
	case "as":
		return constMonotone(e.X)
	case "+", "*", "<<":
		return constMonotone(e.X) && constMonotone(e.Y)
	}
	return false
}

type constKey struct {
	file string
	pos  uint32
}

func (ev *constEvaluator) eval(e *ConstExpr, file string, pos uint32, depth int) *big.Int {
	if e == nil || depth > 64 {
		return nil
	}
	switch e.Op {
	case "lit":
		return e.Val
	case "ref":
		if ev.lookup == nil {
			return nil
		}
		defs := ev.lookup(e.Name, file, pos)
		if len(defs) == 0 {
			return nil
		}
		var out *big.Int
		var pick ConstDef
		differ, allCfg := false, true
		for _, d := range defs {
			key := constKey{d.File, d.Pos}
			if ev.visiting[key] {
				return nil
			}
			ev.visiting[key] = true
			v := ev.eval(d.Expr, d.File, d.Pos, depth+1)
			delete(ev.visiting, key)
			if v == nil {
				return nil
			}
			allCfg = allCfg && d.Cfg != ""
			if out != nil && out.Cmp(v) != 0 {
				differ = true
			}
			if out == nil || v.Cmp(out) > 0 {
				out, pick = v, d
			}
		}
		if differ {
			if !ev.largest || !allCfg || out.Sign() < 0 {
				return nil
			}
			ev.cfgs = append(ev.cfgs, CfgChoice{Name: e.Name, Cfg: pick.Cfg, Value: out})
		}
		return out
	case "neg":
		x := ev.eval(e.X, file, pos, depth+1)
		if x == nil {
			return nil
		}
		return new(big.Int).Neg(x)
	case "as":
		x := ev.eval(e.X, file, pos, depth+1)
		if x == nil {
			return nil
		}
		return constCastInt(x, e.Name)
	}
	x := ev.eval(e.X, file, pos, depth+1)
	if x == nil {
		return nil
	}
	y := ev.eval(e.Y, file, pos, depth+1)
	if y == nil {
		return nil
	}
	r := new(big.Int)
	switch e.Op {
	case "+":
		r.Add(x, y)
	case "-":
		r.Sub(x, y)
	case "*":
		r.Mul(x, y)
	case "/", "%":
		if y.Sign() == 0 {
			return nil
		}
		// Rust rounds toward zero, as Quo and Rem do.
		if e.Op == "/" {
			r.Quo(x, y)
		} else {
			r.Rem(x, y)
		}
	case "<<", ">>":
		if y.Sign() < 0 || y.Cmp(big.NewInt(128)) > 0 {
			return nil
		}
		if e.Op == "<<" {
			r.Lsh(x, uint(y.Int64()))
		} else {
			r.Rsh(x, uint(y.Int64()))
		}
	case "&":
		r.And(x, y)
	case "|":
		r.Or(x, y)
	case "^":
		r.Xor(x, y)
	case "pow":
		if y.Sign() < 0 || y.Cmp(big.NewInt(256)) > 0 || x.BitLen()*int(y.Int64()) > maxConstBits {
			return nil
		}
		r.Exp(x, y, nil)
	default:
		return nil
	}
	if r.BitLen() > maxConstBits {
		return nil
	}
	return r
}

// constIntWidth gives the width and signedness of the integer primitives (usize as 64 bits).
func constIntWidth(ty string) (bits uint, signed, ok bool) {
	switch ty {
	case "u8", "u16", "u32", "u64", "u128", "usize":
		signed = false
	case "i8", "i16", "i32", "i64", "i128", "isize":
		signed = true
	default:
		return 0, false, false
	}
	switch ty[1:] {
	case "8":
		bits = 8
	case "16":
		bits = 16
	case "32":
		bits = 32
	case "64", "size":
		bits = 64
	case "128":
		bits = 128
	}
	return bits, signed, true
}

// constCastInt applies `as ty` to an integer: two's-complement truncation to the type's width.
func constCastInt(x *big.Int, ty string) *big.Int {
	bits, signed, ok := constIntWidth(ty)
	if !ok {
		return nil
	}
	mod := new(big.Int).Lsh(big.NewInt(1), bits)
	r := new(big.Int).Mod(x, mod) // Euclidean: 0 <= r < mod
	if signed && r.Bit(int(bits)-1) == 1 {
		r.Sub(r, mod)
	}
	return r
}

// ConstExprOf lifts the expression n into a ConstExpr. Unsupported syntax gives an unknown
// expression (or an expression with unknown parts).
func ConstExprOf(t *parser.Tree, n parser.NodeID) *ConstExpr {
	return constExprOf(t, n, 0)
}

func constExprOf(t *parser.Tree, n parser.NodeID, depth int) *ConstExpr {
	n = t.Unparen(n)
	if n < 0 || depth > 64 {
		return constUnknown
	}
	switch t.Kind(n) {
	case parser.KIntegerLiteral:
		if v, ok := ParseIntLiteral(t.Text(n)); ok {
			return &ConstExpr{Op: "lit", Val: v}
		}
	case kCharLiteral:
		if v, ok := constCharValue(t.Text(n)); ok {
			return &ConstExpr{Op: "lit", Val: big.NewInt(v)}
		}
	case parser.KIdentifier:
		return &ConstExpr{Op: "ref", Name: t.Text(n)}
	case parser.KScopedIdentifier:
		path, name := t.Field(n, parser.FPath), t.Field(n, parser.FName)
		if t.Is(path, parser.KIdentifier) || t.Is(path, parser.KPrimitiveType) {
			if v, ok := constPrimitiveAssoc(t.Text(path), t.Text(name)); ok {
				return &ConstExpr{Op: "lit", Val: v}
			}
			if _, _, isInt := constIntWidth(t.Text(path)); isInt {
				return constUnknown // usize::MAX, u32::from(..) ...
			}
		}
		if root := strings.SplitN(t.Text(n), "::", 2)[0]; constForeignCrates[root] {
			return constUnknown // `libc::PIPE_BUF`: another crate's const, not this crate's namesake
		}
		if name >= 0 {
			return &ConstExpr{Op: "ref", Name: t.Text(name)}
		}
	case parser.KBinaryExpression:
		op := t.Text(t.Field(n, parser.FOperator))
		switch op {
		case "+", "-", "*", "/", "%", "<<", ">>", "&", "|", "^":
			return &ConstExpr{Op: op, X: constExprOf(t, t.Field(n, parser.FLeft), depth+1), Y: constExprOf(t, t.Field(n, parser.FRight), depth+1)}
		}
	case parser.KUnaryExpression:
		if t.Nodes[n].FirstChild >= 0 && t.TextIs(t.Nodes[n].FirstChild, "-") {
			return &ConstExpr{Op: "neg", X: constExprOf(t, t.NamedChild(n, 0), depth+1)}
		}
	case parser.KTypeCastExpression:
		ty := t.Field(n, parser.FType)
		if t.Is(ty, parser.KPrimitiveType) {
			if _, _, ok := constIntWidth(t.Text(ty)); ok {
				return &ConstExpr{Op: "as", Name: t.Text(ty), X: constExprOf(t, t.Field(n, parser.FValue), depth+1)}
			}
		}
	case parser.KBlock:
		// `{ 64 * 1024 }`: a block whose only content is its value.
		if kids := t.NamedChildren(n); len(kids) == 1 && !t.Is(kids[0], parser.KExpressionStatement) && !t.Is(kids[0], parser.KLetDeclaration) {
			return constExprOf(t, kids[0], depth+1)
		}
	case parser.KCallExpression:
		return constCallOf(t, n, depth)
	}
	return constUnknown
}

// constCallOf handles the calls a const expression commonly makes: `size_of::<T>()` and
// `x.pow(n)` / `usize::pow(x, n)`.
func constCallOf(t *parser.Tree, n parser.NodeID, depth int) *ConstExpr {
	fn := t.Field(n, parser.FFunction)
	args := Args(t, n)
	if t.Is(fn, parser.KGenericFunction) {
		callee := t.Field(fn, parser.FFunction)
		if LastSegment(t.Text(callee)) == "size_of" && len(args) == 0 {
			targs := t.FirstChildOfKind(fn, parser.KTypeArguments)
			if targs >= 0 {
				if ty := t.NamedChild(targs, 0); ty >= 0 && t.NamedChild(targs, 1) < 0 {
					return TypeSizeExpr(t, ty, nil)
				}
			}
		}
		return constUnknown
	}
	if MethodName(t, n) == "pow" && len(args) == 1 {
		return &ConstExpr{Op: "pow", X: constExprOf(t, Receiver(t, n), depth+1), Y: constExprOf(t, args[0], depth+1)}
	}
	if t.Is(fn, parser.KScopedIdentifier) && t.TextIs(t.Field(fn, parser.FName), "pow") && len(args) == 2 {
		if _, _, ok := constIntWidth(t.Text(t.Field(fn, parser.FPath))); ok {
			return &ConstExpr{Op: "pow", X: constExprOf(t, args[0], depth+1), Y: constExprOf(t, args[1], depth+1)}
		}
	}
	return constUnknown
}

// constPrimitiveAssoc gives `u16::MAX`, `i32::MIN`, `u64::BITS` ... for fixed-width types.
// usize and isize are left unknown: their width depends on the target.
func constPrimitiveAssoc(ty, name string) (*big.Int, bool) {
	bits, signed, ok := constIntWidth(ty)
	if !ok || strings.HasSuffix(ty, "size") {
		return nil, false
	}
	one := big.NewInt(1)
	switch name {
	case "BITS":
		return big.NewInt(int64(bits)), true
	case "MAX":
		if signed {
			return new(big.Int).Sub(new(big.Int).Lsh(one, bits-1), one), true
		}
		return new(big.Int).Sub(new(big.Int).Lsh(one, bits), one), true
	case "MIN":
		if signed {
			return new(big.Int).Neg(new(big.Int).Lsh(one, bits-1)), true
		}
		return big.NewInt(0), true
	}
	return nil, false
}

// ParseIntLiteral parses a Rust integer literal: decimal, 0x, 0o or 0b, with underscores and
// an optional type suffix (`1_024usize`, `0x1_0000u32`).
func ParseIntLiteral(s string) (*big.Int, bool) {
	s = strings.ReplaceAll(s, "_", "")
	base := 10
	switch {
	case strings.HasPrefix(s, "0x"):
		base, s = 16, s[2:]
	case strings.HasPrefix(s, "0o"):
		base, s = 8, s[2:]
	case strings.HasPrefix(s, "0b"):
		base, s = 2, s[2:]
	}
	s = strings.TrimSuffix(s, IntLiteralSuffix(s))
	v, ok := new(big.Int).SetString(s, base)
	return v, ok && s != ""
}

// IntLiteralSuffix returns the type suffix of an integer literal ("u8" of `0u8`), or "".
func IntLiteralSuffix(s string) string {
	for _, ty := range []string{"usize", "isize", "u128", "i128", "u16", "i16", "u32", "i32", "u64", "i64", "u8", "i8"} {
		if strings.HasSuffix(s, ty) {
			return ty
		}
	}
	return ""
}

// constCharValue gives the value of `b'a'`, `'a'`, and the simple escapes.
func constCharValue(s string) (int64, bool) {
	s = strings.TrimPrefix(s, "b")
	if len(s) < 3 || s[0] != '\'' || s[len(s)-1] != '\'' {
		return 0, false
	}
	body := s[1 : len(s)-1]
	if !strings.HasPrefix(body, `\`) {
		r := []rune(body)
		if len(r) != 1 {
			return 0, false
		}
		return int64(r[0]), true
	}
	switch body {
	case `\n`:
		return '\n', true
	case `\r`:
		return '\r', true
	case `\t`:
		return '\t', true
	case `\\`:
		return '\\', true
	case `\0`:
		return 0, true
	case `\'`:
		return '\'', true
	case `\"`:
		return '"', true
	}
	if strings.HasPrefix(body, `\x`) && len(body) == 4 {
		v, err := strconv.ParseInt(body[2:], 16, 32)
		return v, err == nil
	}
	if strings.HasPrefix(body, `\u{`) && strings.HasSuffix(body, "}") {
		v, err := strconv.ParseInt(strings.ReplaceAll(body[3:len(body)-1], "_", ""), 16, 32)
		return v, err == nil
	}
	return 0, false
}

// PrimitiveSize returns the size in bytes of a primitive type (usize and isize as 8).
func PrimitiveSize(ty string) (int64, bool) {
	switch ty {
	case "u8", "i8", "bool":
		return 1, true
	case "u16", "i16":
		return 2, true
	case "u32", "i32", "f32", "char":
		return 4, true
	case "u64", "i64", "f64", "usize", "isize":
		return 8, true
	case "u128", "i128":
		return 16, true
	}
	return 0, false
}

// TypeSizeExpr returns the size in bytes of the type node ty: primitives, arrays of them
// (`[[u32; 64]; N]`) and `()`. A type whose size it cannot tell gives unknownAs when that is
// not nil (callers that want a lower bound pass ConstLit(1)), else an unknown expression;
// with unknownAs set, tuples count the sum of their fields (padding ignored).
func TypeSizeExpr(t *parser.Tree, ty parser.NodeID, unknownAs *ConstExpr) *ConstExpr {
	unknown := unknownAs
	if unknown == nil {
		unknown = constUnknown
	}
	switch t.Kind(ty) {
	case parser.KPrimitiveType:
		if sz, ok := PrimitiveSize(t.Text(ty)); ok {
			return ConstLit(sz)
		}
	case parser.KArrayType:
		length := t.Field(ty, parser.FLength)
		if length < 0 {
			return unknown // a slice type
		}
		return ConstMul(ConstExprOf(t, length), TypeSizeExpr(t, t.Field(ty, parser.FElement), unknownAs))
	case kUnitType:
		return ConstLit(0)
	case parser.KTupleType:
		if unknownAs == nil {
			return unknown // padding makes the exact size layout-dependent
		}
		sum := ConstLit(0)
		for _, f := range t.NamedChildren(ty) {
			sum = &ConstExpr{Op: "+", X: sum, Y: TypeSizeExpr(t, f, unknownAs)}
		}
		return sum
	}
	return unknown
}
