package parser

import (
	"bytes"

	"github.com/rustaudit/rustaudit/knowledge"
)

// Macro bodies arrive from the grammar as opaque token trees. Each piece of a body (a whole
// body, or the pattern, future, condition and handler of a select! branch) is parsed on its
// own inside a small wrapper, and the piece's nodes are grafted into the file's tree with
// their positions shifted back onto the file. Rules then see ordinary syntax.

// wrapper turns a piece of tokens into a parseable file and tells where its roots are.
type wrapper struct {
	prefix, suffix string
	roots          func(tmp []Node, plen, pend uint32) []int32
}

// exactRoot finds the outermost named node spanning exactly the piece, or else an anonymous
// token that does (the `_` pattern is one).
func exactRoot(tmp []Node, plen, pend uint32) []int32 {
	anon := int32(-1)
	for i := range tmp {
		if tmp[i].Start == plen && tmp[i].End == pend {
			if tmp[i].Flags&FlagNamed != 0 {
				return []int32{int32(i)}
			}
			if anon < 0 {
				anon = int32(i)
			}
		}
	}
	if anon >= 0 {
		return []int32{anon}
	}
	return nil
}

// childrenOf returns the children of the first node of kind k that lies inside the wrapper.
func childrenOf(k Kind, namedOnly bool) func(tmp []Node, plen, pend uint32) []int32 {
	return func(tmp []Node, plen, pend uint32) []int32 {
		for i := range tmp {
			if tmp[i].Kind != k {
				continue
			}
			var out []int32
			for c := tmp[i].FirstChild; c >= 0; c = tmp[c].Next {
				if tmp[c].Start >= plen && tmp[c].End <= pend && (!namedOnly || tmp[c].Flags&FlagNamed != 0) {
					out = append(out, int32(c))
				}
			}
			return out
		}
		return nil
	}
}

var (
	wrapExpr    = wrapper{"fn __w(){(", "\n);}", exactRoot}
	wrapPattern = wrapper{"fn __w(){let ", "\n=();}", exactRoot}
	wrapArgs    = wrapper{"fn __w(){__m(", "\n);}", childrenOf(KArguments, true)}
	wrapArray   = wrapper{"fn __w(){[", "\n];}", childrenOf(KArrayExpression, true)}
	wrapStmts   = wrapper{"fn __w(){", "\n}", childrenOf(KBlock, true)}
	wrapItems   = wrapper{"", "\n", childrenOf(KSourceFile, true)}
)

// piece is a run of tokens inside a token tree: bytes [start, end) of the file.
type piece struct {
	start, end uint32
	row, col   uint32
}

func (t *Tree) pieceOf(toks []NodeID) (piece, bool) {
	if len(toks) == 0 {
		return piece{}, false
	}
	a, b := &t.Nodes[toks[0]], &t.Nodes[toks[len(toks)-1]]
	return piece{start: a.Start, end: b.End, row: a.StartRow, col: a.StartCol}, true
}

// parsePiece parses one piece in a wrapper. It returns the temporary nodes and the roots to
// graft, and whether the parse was free of syntax errors. With needClean, a piece with a
// syntax error is given up at the error (no nodes): its error recovery was measured at up
// to 20 times the cost of a clean parse.
func (p *Parser) parsePiece(t *Tree, pc piece, w wrapper, needClean bool) (tmp []Node, roots []int32, clean bool) {
	body := t.Src[pc.start:pc.end]
	buf := append(p.scratch[:0], w.prefix...)
	buf = append(buf, body...)
	buf = append(buf, w.suffix...)
	p.scratch = buf
	nodes, st, hasError := p.np.parse(buf, 0, p.tmp[:0], needClean)
	if st != parsed || nodes == nil {
		return nil, nil, false
	}
	p.tmp = nodes
	plen := uint32(len(w.prefix))
	roots = w.roots(nodes, plen, plen+uint32(len(body)))
	return nodes, roots, !hasError && len(roots) > 0
}

// graft copies the subtrees tmp[roots] into t under parent, shifting positions from the
// wrapper onto the piece. It returns the new root ids in order.
func (t *Tree) graft(tmp []Node, roots []int32, parent NodeID, pc piece, plen uint32) []NodeID {
	size := make([]int32, len(tmp))
	for i := len(tmp) - 1; i >= 0; i-- {
		size[i]++
		if pp := tmp[i].Parent; pp >= 0 {
			size[pp] += size[i]
		}
	}
	shift := func(off, row, col uint32) (uint32, uint32, uint32) {
		off = off - plen + pc.start
		if row == 0 {
			return off, pc.row, col - plen + pc.col
		}
		return off, row + pc.row, col
	}
	var out []NodeID
	for _, r := range roots {
		base := int32(len(t.Nodes))
		n := size[r]
		for j := r; j < r+n; j++ {
			nd := tmp[j]
			nd.Start, nd.StartRow, nd.StartCol = shift(nd.Start, nd.StartRow, nd.StartCol)
			nd.End, nd.EndRow, nd.EndCol = shift(nd.End, nd.EndRow, nd.EndCol)
			nd.Flags |= FlagFromMacro
			remap := func(x NodeID) NodeID {
				if x < 0 {
					return None
				}
				return NodeID(base + int32(x) - r)
			}
			if j == r {
				nd.Parent = parent
				nd.Next = None
			} else {
				nd.Parent = remap(nd.Parent)
				nd.Next = remap(nd.Next)
			}
			nd.FirstChild = remap(nd.FirstChild)
			t.Nodes = append(t.Nodes, nd)
		}
		out = append(out, NodeID(base))
	}
	return out
}

// setChildren makes kids the children of n, in order.
func (t *Tree) setChildren(n NodeID, kids []NodeID) {
	t.Nodes[n].FirstChild = None
	t.Nodes[n].ChildCount = uint32(len(kids))
	for i := len(kids) - 1; i >= 0; i-- {
		t.Nodes[kids[i]].Parent = n
		t.Nodes[kids[i]].Next = t.Nodes[n].FirstChild
		t.Nodes[n].FirstChild = kids[i]
	}
}

// newNode appends a synthetic node spanning the tokens of pc.
func (t *Tree) newNode(k Kind, f Field, parent NodeID, from, to NodeID) NodeID {
	a, b := &t.Nodes[from], &t.Nodes[to]
	t.Nodes = append(t.Nodes, Node{
		Kind: k, Field: f, Flags: FlagNamed | FlagFromMacro,
		Start: a.Start, End: b.End, StartRow: a.StartRow, StartCol: a.StartCol, EndRow: b.EndRow, EndCol: b.EndCol,
		Parent: parent, FirstChild: None, Next: None,
	})
	return NodeID(len(t.Nodes) - 1)
}

// MacroName returns the last segment of a macro invocation's path: "select" for
// `tokio::select!`.
func (t *Tree) MacroName(m NodeID) string {
	name := t.Field(m, FMacro)
	if name < 0 {
		return ""
	}
	if t.Kind(name) == KScopedIdentifier {
		name = t.Field(name, FName)
	}
	return t.Text(name)
}

// MacroNameIs reports whether MacroName(m) == name, without making a string.
func (t *Tree) MacroNameIs(m NodeID, name string) bool {
	n := t.Field(m, FMacro)
	if n < 0 {
		return name == ""
	}
	if t.Kind(n) == KScopedIdentifier {
		if n = t.Field(n, FName); n < 0 {
			return name == ""
		}
	}
	return t.TextIs(n, name)
}

// MacroBody returns the macro_body of an expanded invocation, or None.
func (t *Tree) MacroBody(m NodeID) NodeID {
	return t.FirstChildOfKind(m, KMacroBody)
}

// innerTokens returns the tokens of a token tree without its delimiters and comments.
func (t *Tree) innerTokens(tt NodeID) []NodeID {
	var toks []NodeID
	for c := t.Nodes[tt].FirstChild; c >= 0; c = t.Nodes[c].Next {
		if !t.IsComment(c) {
			toks = append(toks, c)
		}
	}
	if len(toks) >= 2 {
		return toks[1 : len(toks)-1]
	}
	return nil
}

func (p *Parser) expandMacros(t *Tree) {
	for i := 0; i < len(t.Nodes); i++ {
		if t.Nodes[i].Kind != KMacroInvocation {
			continue
		}
		m := NodeID(i)
		tt := t.FirstChildOfKind(m, KTokenTree)
		if tt < 0 {
			continue
		}
		toks := t.innerTokens(tt)
		var kids []NodeID
		switch t.MacroName(m) {
		case "select", "select_biased":
			kids = p.expandSelect(t, tt, toks)
		case "join", "try_join":
			if len(toks) >= 2 && t.TextIs(toks[0], "biased") && t.Nodes[toks[1]].Kind == TSemicolon {
				toks = toks[2:]
			}
			kids = p.expandWith(t, tt, toks, wrapArgs)
		case "pin":
			kids = p.expandWith(t, tt, toks, wrapStmts, wrapArgs)
		default:
			if neverRust[t.MacroName(m)] {
				continue
			}
			if !p.ExpandAllMacros {
				// Outside async code and poll functions, only the tokens that rules look for
				// there make a body worth parsing (a sync test's assert_eq!(m.lock()..)).
				async := inAsyncCode(t, m)
				if !(async && alwaysExpand[t.MacroName(m)] && hasTopLevelComma(t, toks)) && !mayMatter(t, tt, p.words(), async) {
					continue
				}
			}
			kids = p.expandGeneric(t, tt, toks, 0)
		}
		if kids == nil {
			continue
		}
		t.Nodes[tt].Kind = KMacroBody
		t.setChildren(tt, kids)
		t.MacroBodies++
	}
}

// MatterWords are the tokens that the built-in rules look for inside macro bodies, derived
// from the knowledge base (knowledge.MacroWords: every table's trigger words). A generic
// macro whose token tree holds none of them (`println!("{}", x)`, `assert_eq!(a, b)`,
// `vec![1, 2]`, most logging) is left as tokens: re-parsing every macro body was measured at
// nearly half the scan time, and no rule can find anything in such a body.
//
// asyncOnlyWords are the MatterWords that only rules about async code and poll functions
// look for (knowledge.AsyncOnly): a macro outside such code needs none of them. A word that
// some table wants anywhere stays wanted anywhere.
var MatterWords, asyncOnlyWords = derivedWords(knowledge.MacroWords())

func derivedWords(words []knowledge.Word) (all, asyncOnly map[string]bool) {
	all, asyncOnly = map[string]bool{}, map[string]bool{}
	anywhere := map[string]bool{}
	for _, w := range words {
		all[w.Text] = true
		if w.Scope == knowledge.Anywhere {
			anywhere[w.Text] = true
		}
	}
	for w := range all {
		if !anywhere[w] {
			asyncOnly[w] = true
		}
	}
	return all, asyncOnly
}

// inAsyncCode reports whether the macro invocation m sits in async code or a function that
// may poll: an async fn or block, any closure (a poll_fn closure, or one run in async code),
// or a fn that takes a Context or is named poll*.
func inAsyncCode(t *Tree, m NodeID) bool {
	for a := t.Parent(m); a >= 0; a = t.Parent(a) {
		switch t.Nodes[a].Kind {
		case KAsyncBlock, KClosureExpression:
			return true
		case KFunctionItem:
			if name := t.Field(a, FName); name >= 0 && bytes.HasPrefix(t.Bytes(name), []byte("poll")) {
				return true
			}
			if mods := t.FirstChildOfKind(a, KFunctionModifiers); mods >= 0 && bytes.Contains(t.Bytes(mods), []byte("async")) {
				return true
			}
			params := t.Field(a, FParameters)
			return params >= 0 && (bytes.Contains(t.Bytes(params), []byte("Context")) || bytes.Contains(t.Bytes(params), []byte("cx")))
		}
	}
	return false
}

// neverRust names macros whose bodies are not Rust (inline assembly: templates and operands).
var neverRust = map[string]bool{"asm": true, "global_asm": true, "naked_asm": true}

// alwaysExpand names macros whose bodies are re-parsed whatever their tokens when they have
// more than one argument: assert!'s message arguments are evaluated only on failure, which
// rules tracking a local's uses need to see.
var alwaysExpand = map[string]bool{"assert": true, "debug_assert": true}

func hasTopLevelComma(t *Tree, toks []NodeID) bool {
	for _, tok := range toks {
		if t.Nodes[tok].Kind == TComma {
			return true
		}
	}
	return false
}

// mayMatter reports whether a token tree holds a token that some rule looks for: any of
// words in async code, any but asyncOnlyWords elsewhere; in async code also a format string
// with an inline argument (`"{buf:?}"` uses the local `buf`).
func mayMatter(t *Tree, tt NodeID, words map[string]bool, async bool) bool {
	found := false
	t.Walk(tt, func(n NodeID) bool {
		if found {
			return false
		}
		nd := &t.Nodes[n]
		switch {
		case nd.Kind == KStringLiteral:
			found = async && hasInlineFormatArg(t.Src[nd.Start:nd.End])
			return false
		case nd.FirstChild < 0 && nd.End-nd.Start <= 24:
			w := string(t.Src[nd.Start:nd.End])
			found = words[w] && (async || !asyncOnlyWords[w])
		}
		return !found
	})
	return found
}

// hasInlineFormatArg reports whether a string literal holds `{name` (not `{{`).
func hasInlineFormatArg(s []byte) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] != '{' {
			continue
		}
		if s[i+1] == '{' {
			i++
			continue
		}
		c := s[i+1]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			return true
		}
	}
	return false
}

// expandWith parses toks with the first wrapper that parses them cleanly.
func (p *Parser) expandWith(t *Tree, parent NodeID, toks []NodeID, ws ...wrapper) []NodeID {
	pc, ok := t.pieceOf(toks)
	if !ok {
		return nil
	}
	for _, w := range ws {
		tmp, roots, clean := p.parsePiece(t, pc, w, true)
		if clean {
			return t.graft(tmp, roots, parent, pc, uint32(len(w.prefix)))
		}
	}
	return nil
}

// expandGeneric handles any other macro: its body is tried as an argument list, an array,
// statements or items; when none parses (a DSL such as cfg_if!'s `if #[cfg(..)] { .. }`),
// the brace-delimited token trees inside it are tried in turn.
func (p *Parser) expandGeneric(t *Tree, tt NodeID, toks []NodeID, depth int) []NodeID {
	if len(toks) == 0 {
		return nil
	}
	var ws []wrapper
	switch t.Src[t.Nodes[tt].Start] {
	case '(':
		ws = []wrapper{wrapArgs, wrapStmts}
	case '[':
		ws = []wrapper{wrapArray, wrapArgs}
	default:
		ws = []wrapper{wrapItems, wrapStmts, wrapArgs}
		if !mayStartItem(t, toks) {
			ws = ws[1:] // the item parse cannot succeed
		}
	}
	if !cannotBeRust(t, toks) {
		if kids := p.expandWith(t, tt, toks, ws...); kids != nil {
			return kids
		}
	}
	if depth >= 8 {
		return nil
	}
	var kids []NodeID
	for _, c := range toks {
		if t.Nodes[c].Kind == KTokenTree && t.Src[t.Nodes[c].Start] == '{' {
			kids = append(kids, p.expandGeneric(t, c, t.innerTokens(c), depth+1)...)
		}
	}
	return kids
}

// cannotBeRust reports tokens that no wrapper can parse cleanly, so that their parses are
// skipped (a failing parse costs up to 20 times a clean one: error recovery). Rust has:
//   - `=>` only in a match's braces: so not outside any bracket, and not inside a brace
//     group that no `match` comes before (bind_interrupts!'s `struct Irqs { A => B; }`);
//   - `#` only before an attribute, `#[..]` or `#![..]` (quote!'s `#var` and `#(..)*`
//     interpolations are not Rust), and no attribute right after `if` (cfg_if!'s
//     `if #[cfg(..)] {..}`);
//   - no string literal right after a name that is not a keyword (deno's `esm = [dir "x"]`;
//     `extern "C"`, `in "ab"`, `return "x"` are Rust),
//     and none followed by `:` (JSON keys; Rust field names are identifiers);
//   - no `struct Name:` (bitflags!), and no `(..):` in a body without `let` or a closure;
//   - no `name: Type` (or `a::B<'_>: Type`) at the start of a body or of a brace group that
//     is a block rather than a struct's fields (first in its bracket, or after `=`, `;`,
//     `=>`): DSL field lists;
//   - no metavariable after `::` or `.` (`peripherals::$inst`: a macro_rules body passed to
//     another macro), no `impl Name<..>` without a body or `;` (a type), no `const A = 1`
//     without a type, no `in` that no `for` comes before (proptest!'s `a in 0..3`;
//     `pub(in path)` starts its group).
//
// Nested macro bodies (`name!(..)`, `macro_rules! name {..}`) and attribute arguments are
// not looked into.
func cannotBeRust(t *Tree, toks []NodeID) bool {
	return notRust(t, toks, 0, false, true)
}

func notRust(t *Tree, toks []NodeID, depth int, matchArms, block bool) bool {
	if block && startsWithTypedPath(t, toks) {
		return true
	}
	if implType(t, toks) {
		return true
	}
	sawMatch, sawLet, sawFor := false, false, false
	for i, tok := range toks {
		nd := &t.Nodes[tok]
		switch {
		case nd.Kind == TLet || nd.Kind == TPipe:
			sawLet = true
		case nd.Kind == TFor:
			sawFor = true
		case (nd.Kind == TPathSep || nd.Kind == TDot) && i+1 < len(toks) && t.Nodes[toks[i+1]].Kind == TDollar:
			return true // `peripherals::$inst`, `x.$field`: a metavariable is no path segment or field
		case nd.Kind == TConst && i+2 < len(toks) && t.Nodes[toks[i+1]].Kind == KIdentifier && t.Nodes[toks[i+2]].Kind == TEq:
			return true // bitflags!'s `const A = 1;` (a const item has a type)
		case nd.Kind == KIdentifier && i > 0 && !sawFor && t.TextIs(tok, "in"):
			return true // proptest!'s `a in strategy()` (`in` follows `for`, or opens `pub(in path)`)
		case (t.TextIs(tok, "struct") || t.TextIs(tok, "enum") || t.TextIs(tok, "union")) && i+2 < len(toks) &&
			t.Nodes[toks[i+1]].Kind == KIdentifier && t.Nodes[toks[i+2]].Kind == TColon:
			return true // bitflags!'s `struct Flags: u32 {..}`
		case nd.Kind == KTokenTree && depth == 0 && !sawLet && t.Src[nd.Start] == '(' && i+1 < len(toks) && t.Nodes[toks[i+1]].Kind == TColon:
			return true // `f(_): Send`; a typed tuple pattern needs a let or closure
		case nd.Kind == KTokenTree && isAttributeGroup(t, toks[:i]):
			// an attribute's arguments are tokens, not Rust
		case nd.Kind == TFatArrow && !matchArms:
			return true
		case nd.Kind == TPound && (!isAttribute(t, toks[i+1:]) || i > 0 && t.Nodes[toks[i-1]].Kind == TIf):
			return true
		case nd.Kind == KStringLiteral && i+1 < len(toks) && t.TextIs(toks[i+1], ":"):
			return true
		case nd.Kind == KStringLiteral && i > 0 && t.Nodes[toks[i-1]].Kind == KIdentifier && !rustKeywords[string(t.Bytes(toks[i-1]))]:
			return true
		case nd.Kind == TMatch:
			sawMatch = true
		case nd.Kind == KTokenTree && depth < 16 && !isMacroBody(t, toks[:i]):
			open := t.Src[nd.Start]
			arms := sawMatch && open == '{'
			blk := open == '{' && (i == 0 || opensBlock(t.Nodes[toks[i-1]].Kind))
			if notRust(t, t.innerTokens(tok), depth+1, arms, blk) {
				return true
			}
		}
	}
	return false
}

// startsWithTypedPath reports `name: ..`, `a::b: ..` or `a::B<'_>: ..` at the start of
// toks: in a block a DSL's field list (assert_value!'s `tokio::fs::File: Send`), since a
// statement cannot start so (labels are lifetimes, struct fields sit inside a struct's
// braces, and `a < b > :` is no expression).
func startsWithTypedPath(t *Tree, toks []NodeID) bool {
	i := 0
	for i+1 < len(toks) && t.Nodes[toks[i]].Kind == KIdentifier {
		switch next := toks[i+1]; {
		case t.Nodes[next].Kind == TColon:
			return true
		case t.Nodes[next].Kind == TPathSep:
			i += 2
			continue
		case t.TextIs(next, "<"):
			depth := 0
			for j := i + 1; j < len(toks); j++ {
				switch {
				case t.TextIs(toks[j], "<"):
					depth++
				case t.TextIs(toks[j], ">"):
					depth--
				case t.TextIs(toks[j], ">>"):
					depth -= 2
				}
				if depth <= 0 {
					return depth == 0 && j+1 < len(toks) && t.Nodes[toks[j+1]].Kind == TColon
				}
			}
		}
		return false
	}
	return false
}

// implType reports `impl Name..` with neither a body nor a `;`: a type (if_afio!'s
// `impl Pin<T, A>`), not an impl item. tree-sitter takes `impl ::a::B` for a path, so only
// `impl Name` counts.
func implType(t *Tree, toks []NodeID) bool {
	if len(toks) < 2 || t.Nodes[toks[0]].Kind != TImpl || t.Nodes[toks[1]].Kind != KIdentifier {
		return false
	}
	for _, tok := range toks {
		nd := &t.Nodes[tok]
		if nd.Kind == TSemicolon || nd.Kind == KTokenTree && t.Src[nd.Start] == '{' {
			return false
		}
	}
	return true
}

// rustKeywords are Rust's keywords, some of which a token tree holds as identifiers.
var rustKeywords = map[string]bool{
	"as": true, "async": true, "await": true, "become": true, "box": true, "break": true,
	"const": true, "continue": true, "crate": true, "do": true, "dyn": true, "else": true,
	"enum": true, "extern": true, "false": true, "fn": true, "for": true, "if": true,
	"impl": true, "in": true, "let": true, "loop": true, "match": true, "mod": true,
	"move": true, "mut": true, "pub": true, "ref": true, "return": true, "self": true,
	"Self": true, "static": true, "struct": true, "super": true, "trait": true, "true": true,
	"type": true, "unsafe": true, "use": true, "where": true, "while": true, "yield": true,
}

// opensBlock reports tokens after which a brace group is a block, not a struct literal's
// fields.
func opensBlock(k Kind) bool {
	return k == TEq || k == TSemicolon || k == TFatArrow
}

// itemStart are the tokens an item can start with (visibility, qualifiers, item keywords,
// attributes, an empty `;`); a macro invocation item starts with a name and `!`.
var itemStart = map[string]bool{
	"pub": true, "crate": true, "fn": true, "struct": true, "union": true, "enum": true,
	"impl": true, "trait": true, "mod": true, "use": true, "const": true, "static": true,
	"type": true, "extern": true, "unsafe": true, "async": true, "default": true, "auto": true,
	"macro_rules": true, "safe": true, "gen": true, ";": true, "#": true,
}

// mayStartItem reports whether toks can be the start of an item.
func mayStartItem(t *Tree, toks []NodeID) bool {
	if itemStart[string(t.Bytes(toks[0]))] {
		return true
	}
	return len(toks) >= 2 && t.Nodes[toks[1]].Kind == TBang
}

// isMacroBody reports whether a token tree after the tokens before is the body of a macro
// invocation or definition: `name!(..)`, `macro_rules! name {..}`.
func isMacroBody(t *Tree, before []NodeID) bool {
	n := len(before)
	return n >= 1 && t.Nodes[before[n-1]].Kind == TBang ||
		n >= 2 && t.Nodes[before[n-2]].Kind == TBang && t.Nodes[before[n-1]].Kind == KIdentifier
}

// isAttributeGroup reports whether a token tree after the tokens before is the `[..]` of
// an attribute.
func isAttributeGroup(t *Tree, before []NodeID) bool {
	n := len(before)
	return n >= 1 && t.Nodes[before[n-1]].Kind == TPound ||
		n >= 2 && t.Nodes[before[n-2]].Kind == TPound && t.Nodes[before[n-1]].Kind == TBang
}

// isAttribute reports whether the tokens after a `#` continue an attribute: `[..]` or `![..]`.
func isAttribute(t *Tree, rest []NodeID) bool {
	if len(rest) > 0 && t.Nodes[rest[0]].Kind == TBang {
		rest = rest[1:]
	}
	return len(rest) > 0 && t.Nodes[rest[0]].Kind == KTokenTree && t.Src[t.Nodes[rest[0]].Start] == '['
}

// expandSelect splits a select! body into branches:
//
//	[biased;] pattern = future [, if condition] => handler [,]
//	else => handler            (tokio)    complete/default => handler (futures)
func (p *Parser) expandSelect(t *Tree, tt NodeID, toks []NodeID) []NodeID {
	var kids []NodeID
	i := 0
	if len(toks) >= 2 && t.TextIs(toks[0], "biased") && t.Nodes[toks[1]].Kind == TSemicolon {
		kids = append(kids, t.newNode(KBiased, 0, tt, toks[0], toks[1]))
		i = 2
	}
	isTok := func(j int, k Kind) bool { return j < len(toks) && t.Nodes[toks[j]].Kind == k }
	find := func(from int, pred func(j int) bool) int {
		for j := from; j < len(toks); j++ {
			if pred(j) {
				return j
			}
		}
		return -1
	}
	for i < len(toks) {
		start := i
		var branch NodeID
		var handlerFrom int
		if (t.TextIs(toks[i], "else") || t.TextIs(toks[i], "complete") || t.TextIs(toks[i], "default")) && isTok(i+1, TFatArrow) {
			branch = t.newNode(KSelectElse, 0, tt, toks[i], toks[i])
			handlerFrom = i + 2
		} else {
			eq := find(i, func(j int) bool { return isTok(j, TEq) })
			arrow := find(i, func(j int) bool { return isTok(j, TFatArrow) })
			if eq < 0 || arrow < 0 || eq > arrow {
				return nil // not a select body we understand
			}
			branch = t.newNode(KSelectBranch, 0, tt, toks[i], toks[arrow])
			var parts []NodeID
			if pat := p.expandPiece(t, branch, toks[i:eq], wrapPattern, FPattern); pat >= 0 {
				parts = append(parts, pat)
			}
			futEnd := arrow
			condFrom := -1
			if c := find(eq+1, func(j int) bool { return j < arrow && isTok(j, TComma) && isTok(j+1, TIf) }); c >= 0 && c < arrow {
				futEnd = c
				condFrom = c + 2
			}
			if fut := p.expandPiece(t, branch, toks[eq+1:futEnd], wrapExpr, FFuture); fut >= 0 {
				parts = append(parts, fut)
			}
			if condFrom >= 0 {
				if cond := p.expandPiece(t, branch, toks[condFrom:arrow], wrapExpr, FCondition); cond >= 0 {
					parts = append(parts, cond)
				}
			}
			t.setChildren(branch, parts)
			handlerFrom = arrow + 1
		}
		// The handler: a block (comma optional) or an expression up to the next top-level comma.
		end := handlerFrom
		if end < len(toks) && t.Nodes[toks[end]].Kind == KTokenTree && t.Src[t.Nodes[toks[end]].Start] == '{' && !isTok(end+1, TFatArrow) && (end+1 >= len(toks) || isTok(end+1, TComma) || !continuesExpr(t, toks[end+1])) {
			end++
		} else {
			for end < len(toks) && !isTok(end, TComma) {
				end++
			}
		}
		if end > handlerFrom {
			if h := p.expandPiece(t, branch, toks[handlerFrom:end], wrapExpr, FHandler); h >= 0 {
				parts := t.childList(branch)
				t.setChildren(branch, append(parts, h))
			}
			last := toks[end-1]
			t.Nodes[branch].End, t.Nodes[branch].EndRow, t.Nodes[branch].EndCol = t.Nodes[last].End, t.Nodes[last].EndRow, t.Nodes[last].EndCol
		}
		kids = append(kids, branch)
		if isTok(end, TComma) {
			end++
		}
		if end <= start {
			return nil
		}
		i = end
	}
	return kids
}

// continuesExpr reports whether a token after a block continues the same expression
// (`{ .. }.await`, `{ .. }?`), rather than starting the next branch.
func continuesExpr(t *Tree, tok NodeID) bool {
	switch string(t.Bytes(tok)) {
	case ".", "?", "+", "-", "*", "/", "&&", "||", "as":
		return true
	}
	return false
}

func (t *Tree) childList(n NodeID) []NodeID {
	var out []NodeID
	for c := t.Nodes[n].FirstChild; c >= 0; c = t.Nodes[c].Next {
		out = append(out, c)
	}
	return out
}

// expandPiece parses toks as one piece (errors tolerated) and grafts its root under parent
// with field f. Returns None when nothing usable came out.
func (p *Parser) expandPiece(t *Tree, parent NodeID, toks []NodeID, w wrapper, f Field) NodeID {
	pc, ok := t.pieceOf(toks)
	if !ok {
		return None
	}
	tmp, roots, _ := p.parsePiece(t, pc, w, false)
	if len(roots) == 0 {
		return None
	}
	ids := t.graft(tmp, roots[:1], parent, pc, uint32(len(w.prefix)))
	t.Nodes[ids[0]].Field = f
	return ids[0]
}
