package rules

// The module tree of a package: which files its targets reach through `mod` declarations.
// Each file records its out-of-line `mod name;` declarations while its tree is alive; once
// every file is analysed, Settle follows them from the package's targets (src/lib.rs,
// src/main.rs, src/bin/*, examples/, tests/, benches/, build.rs, and targets declared in
// Cargo.toml). A file that no target reaches is not compiled; a file reached only through
// `#[cfg(test)] mod x;` is test code; a file reached only from examples is an example.
//
// Where the answer is not certain, the file counts as live and production code: a package
// whose targets were not all scanned (pre-commit hands over single files), a file handed over
// without a Cargo.toml, or a file whose name some `mod` or string in the package mentions in
// a way the declarations did not resolve (a macro that expands to `mod x;`, `include!`).

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/rustaudit/rustaudit/cargo"
	"github.com/rustaudit/rustaudit/parser"
)

// CrateInfo is a Cargo package with its targets (see package cargo).
type CrateInfo = cargo.Package

// fileModules is what one file says about the module tree.
type fileModules struct {
	decls []modDecl
	// words are the names after `mod` anywhere in the text and the first names given to
	// macros, and strings the file names of
	// `.rs` string literals (`#[path = ".."]`, `include!("..")`): a file mentioned so is
	// never called dead, even where its declaration was not understood.
	words   []string
	strings []string
}

// modDecl is an out-of-line module declaration, `mod name;`.
type modDecl struct {
	name   string
	path   string   // its #[path = ".."], if any
	inline []string // names of the inline modules around it, outermost first
	test   bool     // under #[cfg(test)] (on it or an enclosing item)
	line   int
}

var (
	kModItemFor = parser.KModItem
)

// collectModules reads the module declarations of t.
func collectModules(t *parser.Tree) *fileModules {
	m := &fileModules{}
	seen := map[uint32]bool{}
	src, cloned := t.Src, false // src: with the comments that mention `mod` blanked out
	for i := range t.Nodes {
		nd := &t.Nodes[i]
		if nd.Kind == parser.KLineComment || nd.Kind == parser.KBlockComment {
			// `// pub mod smol;`: a module commented out is not declared, and its file is
			// not compiled; a comment does not rescue it.
			if bytes.Contains(t.Src[nd.Start:nd.End], []byte("mod")) {
				if !cloned {
					src, cloned = bytes.Clone(t.Src), true
				}
				for j := nd.Start; j < nd.End; j++ {
					if src[j] != '\n' {
						src[j] = ' '
					}
				}
			}
			continue
		}
		if nd.Kind != kModItemFor || seen[nd.Start] {
			continue
		}
		seen[nd.Start] = true
		n := parser.NodeID(i)
		if t.Field(n, parser.FBody) >= 0 {
			continue
		}
		name := t.Field(n, parser.FName)
		if name < 0 {
			continue
		}
		d := modDecl{name: strings.TrimPrefix(t.Text(name), "r#"), line: int(nd.StartRow) + 1}
		for _, at := range attributesOf(t, n) {
			if p := pathAttribute(t, at); p != "" {
				d.path = p
			}
		}
		// Under #[cfg(test)] itself or inside test code; its own name is judged at Settle.
		d.test = testItemAround(t, t.Parent(n)) != ""
		for _, at := range attributesOf(t, n) {
			d.test = d.test || isTestAttribute(t, at, false)
		}
		t.Ancestors(n, func(a parser.NodeID) bool {
			if a != n && t.Is(a, parser.KModItem) {
				if an := t.Field(a, parser.FName); an >= 0 {
					d.inline = append([]string{strings.TrimPrefix(t.Text(an), "r#")}, d.inline...)
				}
			}
			return true
		})
		m.decls = append(m.decls, d)
	}
	m.words = append(modWords(src), macroArgs(src)...)
	for _, s := range rsStrings(t.Src) {
		m.strings = append(m.strings, filepath.Base(filepath.FromSlash(s)))
	}
	return m
}

// modWords finds the names after the word `mod` (`\bmod\s+(?:r#)?(IDENT)`); macroArgs
// the first name given to a macro, `tested_module!(shm)`, since a crate's own macro may
// expand to `mod shm;` (`[A-Za-z0-9_]!\s*[(\[{]\s*(?:pub(?:\s*\([^)]*\))?\s+)?(?:r#)?(IDENT)`).
// Both find what those regexps' FindAllSubmatch finds (modtree_test.go checks it), without
// running a regexp over the whole file: that took 15% of a scan of deno, as neither pattern
// starts with a literal the regexp engine could skip to.

// rsStrings finds the string literals that name a .rs file, what the regexp
// `"([^"\n]*\.rs)"`'s FindAllSubmatch finds (its group), by jumping from quote to quote: the
// regexp over the whole file cost 6% of the rules stage on deno.
func rsStrings(src []byte) []string {
	var out []string
	for i := 0; ; {
		q := bytes.IndexByte(src[i:], '"')
		if q < 0 {
			return out
		}
		q += i
		e := bytes.IndexByte(src[q+1:], '"')
		if e < 0 {
			return out
		}
		e += q + 1
		body := src[q+1 : e]
		if bytes.HasSuffix(body, []byte(".rs")) && bytes.IndexByte(body, '\n') < 0 {
			out = append(out, string(body))
			i = e + 1
			continue
		}
		i = q + 1 // the closing quote may open a match
	}
}

func modWords(src []byte) []string {
	var out []string
	for i := 0; i < len(src); {
		k := bytes.Index(src[i:], []byte("mod"))
		if k < 0 {
			break
		}
		at := i + k
		i = at + 1
		if at > 0 && isWordByte(src[at-1]) {
			continue
		}
		j := at + 3
		if j >= len(src) || !isSpaceByte(src[j]) {
			continue
		}
		for j < len(src) && isSpaceByte(src[j]) {
			j++
		}
		if bytes.HasPrefix(src[j:], []byte("r#")) && j+2 < len(src) && isIdentStart(src[j+2]) {
			j += 2
		}
		if e := identEnd(src, j); e > j {
			out = append(out, string(src[j:e]))
			i = e
		}
	}
	return out
}

func macroArgs(src []byte) []string {
	var out []string
	lo := 0 // where the last match ended: the next one starts here or later
	for i := 1; i < len(src); {
		k := bytes.IndexByte(src[i:], '!')
		if k < 0 {
			break
		}
		at := i + k
		i = at + 1
		if at-1 < lo || !isWordByte(src[at-1]) {
			continue
		}
		j := skipSpace(src, at+1)
		if j >= len(src) || (src[j] != '(' && src[j] != '[' && src[j] != '{') {
			continue
		}
		j = skipSpace(src, j+1)
		// (?:pub(?:\s*\([^)]*\))?\s+)?: taken when an identifier follows it, else not.
		start := j
		if bytes.HasPrefix(src[j:], []byte("pub")) {
			p := j + 3
			if q := skipSpace(src, p); q < len(src) && src[q] == '(' {
				if c := bytes.IndexByte(src[q:], ')'); c >= 0 {
					if r := q + c + 1; r < len(src) && isSpaceByte(src[r]) {
						if e, ok := rawIdent(src, skipSpace(src, r)); ok {
							out = append(out, string(src[e[0]:e[1]]))
							i, lo = e[1], e[1]
							continue
						}
					}
				}
			}
			if p < len(src) && isSpaceByte(src[p]) {
				if e, ok := rawIdent(src, skipSpace(src, p)); ok {
					out = append(out, string(src[e[0]:e[1]]))
					i, lo = e[1], e[1]
					continue
				}
			}
		}
		if e, ok := rawIdent(src, start); ok {
			out = append(out, string(src[e[0]:e[1]]))
			i, lo = e[1], e[1]
		}
	}
	return out
}

// rawIdent matches (?:r#)?([A-Za-z_][A-Za-z0-9_]*) at j: the identifier's span.
func rawIdent(src []byte, j int) ([2]int, bool) {
	if bytes.HasPrefix(src[j:], []byte("r#")) && j+2 < len(src) && isIdentStart(src[j+2]) {
		j += 2
	}
	if e := identEnd(src, j); e > j {
		return [2]int{j, e}, true
	}
	return [2]int{}, false
}

func identEnd(src []byte, j int) int {
	if j >= len(src) || !isIdentStart(src[j]) {
		return j
	}
	e := j + 1
	for e < len(src) && isWordByte(src[e]) {
		e++
	}
	return e
}

func skipSpace(src []byte, j int) int {
	for j < len(src) && isSpaceByte(src[j]) {
		j++
	}
	return j
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isIdentStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// isSpaceByte is regexp's \s: [\t\n\f\r ].
func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// pathAttribute returns the file of `#[path = "file.rs"]`, or "".
func pathAttribute(t *parser.Tree, at parser.NodeID) string {
	name := t.NamedChild(at, 0)
	if name < 0 || !t.TextIs(name, "path") {
		return ""
	}
	v := t.Field(at, parser.FValue)
	if v < 0 {
		return ""
	}
	s := strings.TrimSpace(t.Text(v))
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return ""
	}
	return s[1 : len(s)-1]
}

// moduleFiles returns the files a declaration may name, in the order rustc tries them.
func (d *modDecl) moduleFiles(declaring string, modRS bool) []string {
	dir := filepath.Dir(declaring)
	if d.path != "" && len(d.inline) == 0 {
		return []string{filepath.Join(dir, filepath.FromSlash(d.path))}
	}
	base := dir
	if !modRS {
		base = filepath.Join(dir, strings.TrimSuffix(filepath.Base(declaring), ".rs"))
	}
	for _, in := range d.inline {
		base = filepath.Join(base, in)
	}
	if d.path != "" {
		return []string{filepath.Join(base, filepath.FromSlash(d.path))}
	}
	return []string{filepath.Join(base, d.name+".rs"), filepath.Join(base, d.name, "mod.rs")}
}

// modTree is the outcome of following a package's module tree.
type modTree struct {
	context    map[string]Context // files whose context the tree decides
	production map[string]bool    // files the tree reaches from a library or binary target
	dead       map[string]string  // files no target reaches -> the targets, for the message
}

// buildModTree follows the declarations of the files of one package, given by path.
func buildModTree(pkg *CrateInfo, files map[string]*fileModules) modTree {
	mt := modTree{context: map[string]Context{}, production: map[string]bool{}, dead: map[string]string{}}
	roots := map[string]bool{}
	complete := pkg != nil && len(pkg.Targets) > 0
	if pkg != nil {
		for _, tg := range pkg.Targets {
			roots[tg.Path] = true
			if files[tg.Path] == nil {
				complete = false // a target that was not scanned: its modules are unknown
			}
		}
	}
	// reach[f][k]: f is reached from a target of context k.
	reach := map[string]*[numContexts]bool{}
	type item struct {
		path string
		ctx  ContextKind
		why  string
	}
	why := map[string]*[numContexts]string{}
	var queue []item
	push := func(p string, k ContextKind, w string) {
		r := reach[p]
		if r == nil {
			r = &[numContexts]bool{}
			reach[p] = r
		}
		if r[k] {
			return
		}
		r[k] = true
		if why[p] == nil {
			why[p] = &[numContexts]string{}
		}
		why[p][k] = w
		queue = append(queue, item{p, k, w})
	}
	if complete {
		for _, tg := range pkg.Targets {
			switch tg.Kind {
			case cargo.TargetLib, cargo.TargetBin:
				push(tg.Path, CtxProduction, "")
			case cargo.TargetTest, cargo.TargetBench:
				push(tg.Path, CtxTest, "in a test or bench target ("+relTo(pkg.Root, tg.Path)+")")
			case cargo.TargetExample:
				push(tg.Path, CtxExample, "in a module of an example target ("+relTo(pkg.Root, tg.Path)+")")
			case cargo.TargetBuild:
				push(tg.Path, CtxDevTool, "in a module of the build script")
			}
		}
	}
	// follow pushes the files that path's declarations name, under the context k the
	// declaring file has there; with onlyTest, only those declared under #[cfg(test)].
	follow := func(path string, k ContextKind, w string, onlyTest bool) {
		fm := files[path]
		if fm == nil {
			return
		}
		base := filepath.Base(path)
		modRS := roots[path] || base == "mod.rs" || (pkg == nil || len(pkg.Targets) == 0) && (base == "lib.rs" || base == "main.rs")
		for i := range fm.decls {
			d := &fm.decls[i]
			if onlyTest && !d.test && !isTestModuleName(d.name) {
				continue
			}
			dk, dw := k, w
			switch {
			case dk == CtxTest:
			case d.test:
				dk, dw = CtxTest, fmt.Sprintf("in module `%s`, declared under `#[cfg(test)]` (%s:%d)", d.name, relTo(rootOr(pkg, path), path), d.line)
			case isTestModuleName(d.name):
				dk, dw = CtxTest, fmt.Sprintf("in module `%s` (%s:%d), test support by its name", d.name, relTo(rootOr(pkg, path), path), d.line)
			case dk == CtxProduction && isDemoModuleName(d.name):
				dk, dw = CtxExample, fmt.Sprintf("in module `%s` (%s:%d), demonstration code by its name", d.name, relTo(rootOr(pkg, path), path), d.line)
			}
			for _, f := range d.moduleFiles(path, modRS) {
				if files[f] != nil {
					push(f, dk, dw)
					break
				}
				if _, err := os.Stat(f); err == nil {
					break // the module exists but was not scanned (excluded): nothing to follow
				}
			}
		}
	}
	if !complete {
		// Without every target, only what `#[cfg(test)] mod x;` says is certain.
		var paths []string
		for p := range files {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		for _, p := range paths {
			follow(p, CtxProduction, "", true)
		}
	}
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		follow(it.path, it.ctx, it.why, false)
	}
	for p, r := range reach {
		if r[CtxProduction] {
			mt.production[p] = complete
			continue
		}
		for _, k := range []ContextKind{CtxTest, CtxExample, CtxDevTool} {
			if r[k] {
				mt.context[p] = Context{Kind: k, Why: why[p][k]}
				break
			}
		}
	}
	if !complete {
		return mt
	}
	var targets []string
	for _, tg := range pkg.Targets {
		targets = append(targets, relTo(pkg.Root, tg.Path))
	}
	if len(targets) > 4 {
		targets = append(targets[:4], fmt.Sprintf("and %d more", len(targets)-4))
	}
	// A file no declaration reached is still live when a live file could declare it in a
	// way the declarations did not show (a macro that expands to `mod x;`): a `mod stem`
	// in the text of a file whose modules live in the file's directory, or its file name
	// in a string (`#[path = ".."]`, `include!`). Rescued files rescue others in turn.
	live := func(p string) bool { return reach[p] != nil }
	named := map[string]bool{}
	for _, fm := range files {
		for _, s := range fm.strings {
			named[s] = true
		}
	}
	rescued := map[string]bool{}
	for changed := true; changed; {
		changed = false
		for p := range files {
			if live(p) || rescued[p] {
				continue
			}
			if named[filepath.Base(p)] || mayBeDeclared(p, files, func(g string) bool { return live(g) || rescued[g] }) {
				rescued[p] = true
				changed = true
			}
		}
	}
	for p := range files {
		if !live(p) && !rescued[p] {
			mt.dead[p] = strings.Join(targets, ", ")
		}
	}
	return mt
}

// mayBeDeclared reports whether a live file mentions `mod` with p's module name where that
// name would resolve to p: a mod.rs, lib.rs or main.rs in p's directory (or, for p a
// mod.rs, in the directory above), or the file named after p's directory beside it.
func mayBeDeclared(p string, files map[string]*fileModules, live func(string) bool) bool {
	dir := filepath.Dir(p)
	name := strings.TrimSuffix(filepath.Base(p), ".rs")
	if name == "mod" {
		name = filepath.Base(dir)
		dir = filepath.Dir(dir)
	}
	for g, fm := range files {
		if !live(g) || !slices.Contains(fm.words, name) {
			continue
		}
		gdir, gbase := filepath.Dir(g), filepath.Base(g)
		if gdir == dir && (gbase == "mod.rs" || gbase == "lib.rs" || gbase == "main.rs") {
			return true
		}
		if strings.TrimSuffix(g, ".rs") == dir {
			return true
		}
	}
	return false
}

func rootOr(c *CrateInfo, path string) string {
	if c != nil {
		return c.Root
	}
	return filepath.Dir(path)
}
