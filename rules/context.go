package rules

// Context: where a finding sits decides how much it matters. A blocking call in a test stalls
// only that test's runtime; a detached loop in an example's `main` ends with the example; a
// file that no crate root reaches is not compiled at all. Rules report what they see; the
// engine then gives every finding the context of its place (from the syntax around it, where
// the file sits in its crate, and which targets reach it through `mod` declarations) and caps
// its level by the policy for that rule and context: off, note, or its full level. A finding
// whose level the context changed says so in a note.

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/rustaudit/rustaudit/cargo"
	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/parser"
)

// ContextKind is a kind of code whose findings matter less than production code's.
type ContextKind uint8

const (
	CtxProduction ContextKind = iota // library and binary code: the full level
	CtxTest                          // tests, benches, test doubles and test-only crates
	CtxExample                       // examples/ targets and example crates
	CtxDevTool                       // build scripts, xtask and other crates that only build or tool the project
	CtxCLI                           // one-shot command-line tools: a command runs, does its job and exits
	CtxVendored                      // third-party packages kept in the project's tree (vendor/, third_party/)
	numContexts
)

// contextKeys name the contexts in configuration (`[context] in-tests = "note"`) and messages.
var contextKeys = [numContexts]string{"", "in-tests", "in-examples", "in-dev-tools", "in-cli", "in-vendored"}

var contextNames = [numContexts]string{"production code", "test code", "an example", "a development tool", "one-shot command-line code", "vendored third-party code"}

func (k ContextKind) String() string { return contextNames[k] }

// ContextKeys returns the configuration keys of the contexts, for validation and messages.
func ContextKeys() []string { return append([]string(nil), contextKeys[1:]...) }

// ContextByKey returns the context a configuration key names.
func ContextByKey(key string) (ContextKind, bool) {
	for k := CtxTest; k < numContexts; k++ {
		if contextKeys[k] == key {
			return k, true
		}
	}
	return 0, false
}

// Context is the context of one finding, with the reason it was given.
type Context struct {
	Kind ContextKind
	Why  string // "in a `#[cfg(test)]` module", "in a file under tests/", ...
	// caps are the finding's own caps by context (Diagnostic.Caps); they stay with the
	// finding whichever context its place is given. (A pointer keeps Context comparable.)
	caps *map[ContextKind]Level
}

// placedIn returns ctx with c's caps: the context of a place, given to a finding.
func (c Context) placedIn(ctx Context) Context {
	ctx.caps = c.caps
	return ctx
}

// ContextSettings are the user's choices about contexts, from `[context]` in configuration
// and the `in-tests` (...) keys of rule tables.
type ContextSettings struct {
	// Levels caps every rule in a context; a context missing here keeps each rule's own
	// default. LevelAllow means off.
	Levels map[ContextKind]Level
	// RuleLevels caps one rule in a context; it wins over Levels.
	RuleLevels map[string]map[ContextKind]Level
	// Paths are globs (relative to Base) of files that belong to a context whatever their
	// place in the crate says, e.g. a tests crate under an unusual name.
	Paths map[ContextKind][]string
	Base  string // directory the Paths globs are relative to (the configuration's)
}

// defaultContextLevel is the cap of a context for a rule that does not name its own: every
// finding outside production code is worth knowing at most. Command-line code is
// production code that users run; only the rules whose harm needs other tasks on the thread
// or a long-lived process cap it (see defaultCap).
const defaultContextLevel = LevelNote

// defaultCap is the cap of context k for a rule that does not name its own.
func defaultCap(k ContextKind) Level {
	if k == CtxCLI {
		return LevelError
	}
	return defaultContextLevel
}

// contextCap returns the highest level rule r may have in context k, and whether the cap
// comes from the user's configuration.
func (s *Settings) contextCap(r *Rule, k ContextKind) (Level, bool) {
	if k == CtxProduction {
		return LevelError, false
	}
	if s != nil {
		if l, ok := s.Context.RuleLevels[r.ID][k]; ok {
			return l, true
		}
		if l, ok := s.Context.Levels[k]; ok {
			return l, true
		}
	}
	if l, ok := r.Contexts[k]; ok {
		return l, false
	}
	return defaultCap(k), false
}

// pathContext is the context configuration gives a file by its path, if any.
func (s *Settings) pathContext(path string) (Context, bool) {
	if s == nil || len(s.Context.Paths) == 0 {
		return Context{}, false
	}
	rel := path
	if s.Context.Base != "" {
		if r, err := filepath.Rel(s.Context.Base, path); err == nil && !strings.HasPrefix(r, "..") {
			rel = r
		}
	}
	rel = filepath.ToSlash(rel)
	for k := CtxTest; k < numContexts; k++ {
		for _, g := range s.Context.Paths[k] {
			if ok, _ := doublestar.Match(g, rel); ok {
				return Context{Kind: k, Why: fmt.Sprintf("in a file that configuration counts as %s (%s-paths: %q)", k, strings.TrimPrefix(contextKeys[k], "in-"), g)}, true
			}
			if ok, _ := doublestar.Match(g+"/**", rel); ok {
				return Context{Kind: k, Why: fmt.Sprintf("in a file that configuration counts as %s (%s-paths: %q)", k, strings.TrimPrefix(contextKeys[k], "in-"), g)}, true
			}
		}
	}
	return Context{}, false
}

// nodeContext is the context the syntax around n gives it: a test function or a `cfg(test)`
// item, module or file.
func nodeContext(t *parser.Tree, n parser.NodeID) (Context, bool) {
	if n < 0 || int(n) >= len(t.Nodes) {
		return Context{}, false
	}
	if why := testItemAround(t, n); why != "" {
		return Context{Kind: CtxTest, Why: why}, true
	}
	return Context{}, false
}

// fileContext is the context a file has for certain by where it sits: a test, bench or
// example target, a build script, or a file of a test, tool or example package. The module
// tree may find more at Settle (a file reached only through `#[cfg(test)] mod x;`).
func fileContext(info FileInfo) (Context, bool) {
	pkg := info.Package
	if pkg == nil {
		return Context{}, false
	}
	for _, tg := range pkg.Targets {
		if tg.Path != info.Path {
			continue
		}
		switch tg.Kind {
		case cargo.TargetTest:
			return Context{Kind: CtxTest, Why: "in an integration test target (" + relTo(pkg.Root, tg.Path) + ")"}, true
		case cargo.TargetBench:
			return Context{Kind: CtxTest, Why: "in a benchmark target (" + relTo(pkg.Root, tg.Path) + ")"}, true
		case cargo.TargetExample:
			return Context{Kind: CtxExample, Why: "in an example target (" + relTo(pkg.Root, tg.Path) + ")"}, true
		case cargo.TargetBuild:
			return Context{Kind: CtxDevTool, Why: "in a build script"}, true
		}
	}
	if kind, why := packageContext(pkg); kind != CtxProduction {
		return Context{Kind: kind, Why: why}, true
	}
	return Context{}, false
}

// guessedFileContext is the context a file's path suggests where neither its package nor
// the module tree could say: a folder or crate named for tests, examples/, build.rs, a file
// named tests.rs or *_test.rs.
func guessedFileContext(info FileInfo) (Context, bool) {
	crate := info.Crate
	if info.Package != nil {
		crate = info.Package.Root
	}
	if isTestPath(crate, info.Path) {
		return Context{Kind: CtxTest, Why: "in a file of a test or bench folder or crate (" + relTo(crate, info.Path) + ")"}, true
	}
	rel, err := filepath.Rel(crate, info.Path)
	if err != nil || strings.HasPrefix(rel, "..") {
		return Context{}, false
	}
	parts := strings.Split(filepath.ToSlash(rel), "/")
	if len(parts) == 1 && info.Package == nil {
		return Context{}, false // a lone file is its own crate: its name says nothing
	}
	for _, d := range parts[:len(parts)-1] {
		if d == "examples" {
			return Context{Kind: CtxExample, Why: "in a file under examples/"}, true
		}
	}
	if len(parts) == 1 && parts[0] == "build.rs" {
		return Context{Kind: CtxDevTool, Why: "in a build script"}, true
	}
	if isTestFile(info) {
		return Context{Kind: CtxTest, Why: "in a test file (" + filepath.Base(info.Path) + ")"}, true
	}
	return Context{}, false
}

// packageContext is the context of a whole package by its name and place: an xtask or tool crate,
// an example crate, a fuzz crate.
func packageContext(c *CrateInfo) (ContextKind, string) {
	if kind, why := ownPackageContext(c); kind != CtxProduction {
		return kind, why
	}
	return nestedContext(c)
}

// ownPackageContext is packageContext by the package's own name and folder.
func ownPackageContext(c *CrateInfo) (ContextKind, string) {
	name := strings.ToLower(c.Name)
	dir := strings.ToLower(filepath.Base(c.Root))
	parent := strings.ToLower(filepath.Base(filepath.Dir(c.Root)))
	switch {
	case name == "xtask" || dir == "xtask" || strings.HasSuffix(name, "-xtask") || strings.HasPrefix(name, "xtask-"):
		return CtxDevTool, "in the xtask crate (" + displayName(c) + "), a development tool"
	case (strings.HasSuffix(name, "-dev") || strings.HasSuffix(name, "_dev")) && hasBin(c):
		// uv-dev, ruff_dev: the project's own developer commands (generate docs, benchmarks)
		return CtxDevTool, "in `" + displayName(c) + "`, the project's developer tool"
	case parent == "examples" || dir == "examples" || strings.HasPrefix(name, "example-") || strings.HasSuffix(name, "-example") || strings.HasSuffix(name, "-examples"):
		return CtxExample, "in an example crate (" + displayName(c) + ")"
	case dir == "website" || name == "website" || strings.HasSuffix(name, "-website") || strings.HasSuffix(name, "_website"):
		// perseus-website: a framework's own documentation site, built with it (judged on
		// real code: its build-time page generation reads the docs with std::fs)
		return CtxExample, "in the project's website crate (" + displayName(c) + "), a showcase built with it"
	case dir == "fuzz" || parent == "fuzz" || strings.HasSuffix(name, "-fuzz"):
		return CtxTest, "in a fuzzing crate (" + displayName(c) + ")"
	case isTestDirName(name) || isTestDirName(dir) || parent == "tests":
		return CtxTest, "in a test crate (" + displayName(c) + ")"
	case parent == "benches" || isBenchName(name):
		return CtxTest, "in a benchmark crate (" + displayName(c) + ")"
	case hasNameSegment(name, "harness"):
		// backend_harness, test-harness: runs the product to test or benchmark it
		return CtxTest, "in a test harness crate (" + displayName(c) + ")"
	}
	return CtxProduction, ""
}

// isTestFolder reports whether a folder of a project holds test or benchmark code by
// Cargo's conventions and their common variants: tests/, benches/, fuzz/, test-components/,
// integration-tests/. A folder named like `unix_integration` does not say so; `bench/`
// holds benchmark tooling (isBenchFolder).
func isTestFolder(d string) bool {
	d = strings.ReplaceAll(d, "_", "-")
	switch d {
	case "test", "tests", "testing", "benches", "fuzz", "e2e":
		return true
	}
	return strings.HasPrefix(d, "test-") || strings.HasPrefix(d, "tests-") || strings.HasSuffix(d, "-tests")
}

// isBenchFolder reports whether a folder of a project holds its benchmark tooling: bench/,
// benchmark/, benchmarks/, which count as test code like Cargo's benches/. The packages there are run by
// the project's developers: a load generator, a results dashboard that a handful of people
// read. Judged on real code (iggy's bench dashboard), their blocking file reads and detached
// pollers were not worth the maintainers' time.
func isBenchFolder(d string) bool {
	switch strings.ReplaceAll(d, "_", "-") {
	case "bench", "benchmark", "benchmarks", "benchmarking":
		return true
	}
	return false
}

// isVendorFolder reports whether a folder of a project holds third-party packages kept in its
// tree: `cargo vendor`'s vendor/, a patched fork under vendor/ or third_party/. Judged on
// real code (set Q), a vendored generator's findings were nothing its users would change
// there: the fix, if any, belongs to the upstream project.
func isVendorFolder(d string) bool {
	switch strings.ReplaceAll(d, "-", "_") {
	case "vendor", "vendored", "third_party", "thirdparty", "3rdparty", "3rd_party":
		return true
	}
	return false
}

// hasNameSegment reports whether a package name has seg as one of its `-`/`_` separated
// segments.
func hasNameSegment(name, seg string) bool {
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' }) {
		if w == seg {
			return true
		}
	}
	return false
}

// isBenchName reports whether a package's name says it holds benchmarks (`foo-bench`,
// `foo_benchmarks`).
func isBenchName(name string) bool {
	n := strings.ReplaceAll(name, "_", "-")
	return strings.HasSuffix(n, "-bench") || strings.HasSuffix(n, "-benches") || strings.HasSuffix(n, "-benchmarks")
}

// nestedContext is the context of a package kept inside another package's or a workspace's
// folder, under a tests/, benches/, examples/ or fuzz/ folder of the project (a test
// component, a benchmark app). Only the folders below an enclosing Cargo.toml count: what
// lies above a project is the user's file system, not its layout. Being inside the folder
// of a test or bench package is not enough: a benchmark tool's folder may hold the
// dashboard that serves its results.
func nestedContext(c *CrateInfo) (ContextKind, string) {
	if c.Within == nil {
		return CtxProduction, ""
	}
	top := c.Within
	for top.Within != nil {
		top = top.Within
	}
	rel, err := filepath.Rel(top.Root, filepath.Dir(c.Root))
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return CtxProduction, ""
	}
	for _, d := range strings.Split(filepath.ToSlash(rel), "/") {
		switch l := strings.ToLower(d); {
		case l == "examples":
			return CtxExample, fmt.Sprintf("in `%s`, a package under the project's `%s` folder", displayName(c), d)
		case isTestFolder(l):
			return CtxTest, fmt.Sprintf("in `%s`, a package under the project's `%s` folder", displayName(c), d)
		case isBenchFolder(l):
			return CtxTest, fmt.Sprintf("in `%s`, a package under the project's `%s` folder: benchmark tooling (a load generator, a results dashboard), not the product", displayName(c), d)
		case isVendorFolder(l):
			return CtxVendored, fmt.Sprintf("in `%s`, a package under the project's `%s` folder: third-party code kept in the tree, whose fixes belong upstream", displayName(c), d)
		}
	}
	return CtxProduction, ""
}

func displayName(c *CrateInfo) string {
	if c.Name != "" {
		return c.Name
	}
	return filepath.Base(c.Root)
}

func relTo(root, path string) string {
	if r, err := filepath.Rel(root, path); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return filepath.Base(path)
}

// testItemAround returns why n is in test code by the syntax around it ("" when it is not):
// n itself or an item around it under `#[test]`-like attributes or `#[cfg(test)]`, or a
// `#![cfg(test)]` file or module. See InTestCode for what counts.
func testItemAround(t *parser.Tree, n parser.NodeID) string {
	why := ""
	visit := func(a parser.NodeID) bool {
		switch t.Kind(a) {
		case parser.KFunctionItem, parser.KModItem, parser.KImplItem, parser.KTraitItem,
			parser.KExpressionStatement, parser.KLetDeclaration, parser.KMacroInvocation,
			parser.KStructItem, parser.KEnumItem, parser.KConstItem, parser.KStaticItem:
			for _, at := range attributesOf(t, a) {
				if isTestAttribute(t, at, t.Is(a, parser.KFunctionItem)) {
					why = describeTestItem(t, a, at)
					return false
				}
			}
			if t.Is(a, parser.KModItem) {
				if name := t.Field(a, parser.FName); name >= 0 && isTestModuleName(t.Text(name)) {
					why = fmt.Sprintf("in module `%s` (line %d), test support by its name", t.Text(name), t.Nodes[a].StartRow+1)
					return false
				}
			}
		case parser.KSourceFile, parser.KDeclarationList, parser.KBlock:
			// Inner attributes come before any item or statement: stop at the first other.
			t.Children(a, func(c parser.NodeID) bool {
				if t.Is(c, parser.KInnerAttributeItem) {
					if isTestAttribute(t, t.FirstChildOfKind(c, kAttribute), false) {
						why = fmt.Sprintf("under `#!%s` (line %d)", compactAttr(t, c), t.Nodes[c].StartRow+1)
						return false
					}
					return true
				}
				return !t.IsNamed(c) || t.IsComment(c)
			})
			if why != "" {
				return false
			}
		}
		return true
	}
	if visit(n) {
		t.Ancestors(n, visit)
	}
	return why
}

// isTestModuleName reports whether a module's name says it holds test support: test doubles
// and harnesses a crate ships for its own tests or its users' (`pub mod test`, `test_util`,
// `mock`). Its code runs in tests, not in production.
func isTestModuleName(name string) bool {
	name = strings.TrimPrefix(name, "r#")
	switch name {
	case "test", "tests", "testing", "test_util", "test_utils", "testutil", "testutils", "test_helpers",
		"test_support", "mock", "mocks", "fake", "fakes", "test_harness", "test_suite", "test_suites":
		return true
	}
	// A test double named for what it stands in for: `mock_rpc`, `fake_clock`, `rpc_mock`,
	// `db_test_utils` (judged on real code: a `pub mod mock_rpc` that only tests use).
	for _, pre := range []string{"mock_", "mocks_", "fake_", "fakes_"} {
		if strings.HasPrefix(name, pre) {
			return true
		}
	}
	// A suite of tests a crate ships for its implementors to run (`mod schema_api_test_suite;`
	// behind `pub use ..::SchemaApiTestSuite`; judged on real code: a metadata API's suite
	// that sleeps between steps).
	for _, suf := range []string{"_mock", "_mocks", "_fake", "_fakes", "_test_utils", "_test_util", "_testutils", "_test_helpers", "_test_suite", "_test_suites"} {
		if strings.HasSuffix(name, suf) {
			return true
		}
	}
	return false
}

// isDemoModuleName reports whether a module's name says it holds demonstration code that a
// crate ships beside its product (`mod demo;` behind a console's demo command): examples
// kept in src/ (judged on real code: an actor library's console demo, which spawns a load
// driver per actor that runs until the demo ends).
func isDemoModuleName(name string) bool {
	switch strings.TrimPrefix(name, "r#") {
	case "demo", "demos", "example", "examples":
		return true
	}
	return false
}

func describeTestItem(t *parser.Tree, item, attr parser.NodeID) string {
	a := "#[" + compactAttr(t, attr) + "]"
	line := t.Nodes[item].StartRow + 1
	switch t.Kind(item) {
	case parser.KFunctionItem:
		name := t.Field(item, parser.FName)
		if name >= 0 {
			return fmt.Sprintf("in `%s`, under `%s` (line %d)", t.Text(name), a, line)
		}
	case parser.KModItem:
		name := t.Field(item, parser.FName)
		if name >= 0 {
			return fmt.Sprintf("in module `%s`, under `%s` (line %d)", t.Text(name), a, line)
		}
	}
	return fmt.Sprintf("under `%s` (line %d)", a, line)
}

// compactAttr is an attribute's text with its white space folded, shortened when long.
func compactAttr(t *parser.Tree, a parser.NodeID) string {
	s := t.Text(a)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "#!["), "#[")
	s = strings.TrimSuffix(s, "]")
	s = joinFields(s, " ")
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}

// ContextLevels describes the rule's default cap in each context, for documentation:
// "tests: off, examples: note, dev tools: note" (a cap at or above the rule's level reads
// "full").
func (r *Rule) ContextLevels() string {
	if r.ID == UnusedSuppressionID {
		return "the same everywhere"
	}
	short := [numContexts]string{"", "tests", "examples", "dev tools", "CLI", "vendored"}
	var parts []string
	for k := CtxTest; k < numContexts; k++ {
		l := defaultCap(k)
		if v, ok := r.Contexts[k]; ok {
			l = v
		}
		name := l.String()
		switch {
		case l == LevelAllow:
			name = "off"
		case l >= r.Level && r.Level != LevelAllow:
			name = "full"
		}
		parts = append(parts, short[k]+": "+name)
	}
	return strings.Join(parts, ", ")
}

// applyContext caps f's level by the policy for its rule in ctx. It returns false when the
// policy turns the rule off there, so that the finding is dropped.
func (s *Settings) applyContext(r *Rule, f *finding.Finding, ctx Context) bool {
	if ctx.Kind == CtxProduction || r == nil || r.ID == UnusedSuppressionID {
		return true
	}
	limit, user := s.contextCap(r, ctx.Kind)
	if ctx.caps != nil && !user {
		if l, ok := (*ctx.caps)[ctx.Kind]; ok && l < limit {
			limit = l
		}
	}
	if limit == LevelAllow {
		return false
	}
	if f.Level <= limit {
		return true
	}
	from := f.Level
	f.Level = limit
	how := fmt.Sprintf("set `%s = \"%s\"` under `[rules.%s]` (or for every rule under `[context]`) in rustaudit.toml to report it at its full level", contextKeys[ctx.Kind], from, r.ID)
	if user {
		how = "as configured with `" + contextKeys[ctx.Kind] + "`"
	}
	f.Notes = append(f.Notes, fmt.Sprintf("%s here, not %s: this is %s, %s; %s", limit, from, ctx.Kind, ctx.Why, how))
	return true
}

// Command-line code. A command-line tool runs one command and exits: a blocking call there
// holds up only that command, a task it leaves running ends with the process. A package is
// a command-line tool by its name (`cli`, `foo-cli`, `cargo-foo`, `fooctl`) or by its manifest
// (a binary that parses arguments, serves no requests, and either talks to a terminal or has
// no library); a library is command-line code when every package of the scan that depends on
// it is a command-line tool or such a library (tests, examples and tools aside). A server
// whose binary happens to parse arguments is none of these: a package that depends on a
// server framework never counts.

// cliArgParsers are the crates that parse a command line.
var cliArgParsers = []string{"clap", "structopt", "argh", "cling", "bpaf", "gumdrop", "pico-args", "lexopt", "getopts", "docopt"}

// cliTerminalCrates are the crates of programs that talk to a person at a terminal: prompts,
// progress bars, tables, shell completions.
var cliTerminalCrates = []string{"dialoguer", "inquire", "indicatif", "comfy-table", "tabled", "prettytable-rs", "cliclack", "clap_complete", "requestty", "promptly"}

// cliServerCrates are server frameworks: a package that depends on one serves requests.
var cliServerCrates = []string{"axum", "axum-server", "actix-web", "actix-server", "rocket", "warp", "poem", "salvo", "tide", "ntex", "gotham", "tower-http", "tonic-web", "hyper-server"}

// cliServerWords are words of a package name that say it runs as a service.
var cliServerWords = []string{"server", "daemon", "proxy", "gateway", "broker", "bridge", "agent", "node", "router", "service", "worker", "runtime", "connector"}

// cliManifest is the part of Cargo.toml the command-line model reads: what a package depends
// on (not for tests: dev-dependencies do not make a library part of a tool).
type cliManifest struct {
	Dependencies map[string]any       `toml:"dependencies"`
	Target       map[string]cliTarget `toml:"target"`
}

type cliTarget struct {
	Dependencies map[string]any `toml:"dependencies"`
}

// cliDeps returns the names of the packages a package depends on (renamed dependencies by
// their `package` name), from its manifest m (nil when it could not be read).
func cliDeps(m *cliManifest) map[string]bool {
	if m == nil {
		return nil
	}
	out := map[string]bool{}
	add := func(deps map[string]any) {
		for k, v := range deps {
			if tbl, ok := v.(map[string]any); ok {
				if n, ok := tbl["package"].(string); ok {
					k = n
				}
			}
			out[k] = true
		}
	}
	add(m.Dependencies)
	for _, t := range m.Target {
		add(t.Dependencies)
	}
	return out
}

func cliHasAny(deps map[string]bool, names []string) string {
	for _, n := range names {
		if deps[n] {
			return n
		}
	}
	return ""
}

// cliToolByName reports why a package's name says it is a command-line tool, or "".
func cliToolByName(pkg *CrateInfo, hasBin bool) string {
	name := strings.ToLower(strings.ReplaceAll(pkg.Name, "_", "-"))
	dir := strings.ToLower(filepath.Base(pkg.Root))
	if dir == "cli" {
		return "its folder says it is a command-line tool"
	}
	for _, n := range []string{name} {
		switch {
		case n == "":
		case n == "cli" || strings.HasSuffix(n, "-cli") || strings.HasPrefix(n, "cli-") || strings.Contains(n, "-cli-"):
			return "its name says it is a command-line tool"
		case hasBin && strings.HasPrefix(n, "cargo-"):
			return "it is a Cargo subcommand"
		case hasBin && strings.HasSuffix(n, "ctl") && len(n) > 3:
			return "its name says it is a control command"
		}
	}
	return ""
}

// cliContexts gives the packages of a scan that are command-line code their context, keyed
// by package root. serves tells whether a package serves: registers request handlers or
// spawns a task per connection or message (known is false when the facts that tell were not recorded): a library that
// does is a server a tool embeds (`spin up` hosts an HTTP trigger), not a tool's helper.
// Only the direct users of a library count: a chain of libraries ends in some binary, and
// a tool that also serves (spin, atuin) would otherwise pull in the server's code.
func cliContexts(pkgs []*CrateInfo, manifests map[string]pkgManifest, serves func(root string) (yes, known bool)) map[string]Context {
	type info struct {
		pkg    *CrateInfo
		deps   map[string]bool
		lib    bool
		bin    bool
		server string
	}
	var all []*info
	names := map[string]bool{}
	for _, p := range pkgs {
		if p == nil || p.Name == "" {
			continue
		}
		in := &info{pkg: p, deps: cliDeps(manifests[p.Root].cli), lib: hasTarget(p, cargo.TargetLib), bin: hasBin(p)}
		in.server = cliHasAny(in.deps, cliServerCrates)
		all = append(all, in)
		names[strings.ToLower(p.Name)] = true
	}
	out := map[string]Context{}
	for _, in := range all {
		if k, _ := packageContext(in.pkg); k != CtxProduction {
			continue
		}
		why := cliToolByName(in.pkg, in.bin)
		if yes, _ := serves(in.pkg.Root); why == "" && in.bin && in.server == "" && !yes {
			if parser := cliHasAny(in.deps, cliArgParsers); parser != "" {
				if term := cliHasAny(in.deps, cliTerminalCrates); term != "" {
					why = fmt.Sprintf("its binary parses arguments (`%s`) and talks to a terminal (`%s`)", parser, term)
				} else if !in.lib && !cliServerName(in.pkg.Name, names) {
					why = fmt.Sprintf("it is a binary that parses arguments (`%s`) and has no library", parser)
				}
			}
		}
		if why != "" {
			out[in.pkg.Root] = Context{Kind: CtxCLI, Why: fmt.Sprintf("in package `%s`, a command-line tool: %s", displayName(in.pkg), why)}
		}
	}
	// Libraries only tools use, directly or through libraries only tools use: marked until
	// nothing changes, so that a chain of helper libraries (uv-fs under uv-client under
	// the uv binary) ends at the tool. A library that serves is never marked, and neither is
	// one a server or any other unmarked package depends on.
	tools := make(map[string]bool, len(out))
	for root := range out {
		tools[root] = true
	}
	toolUsers := map[string][]string{}
	for changed := true; changed; {
		changed = false
		for _, in := range all {
			if tools[in.pkg.Root] || !in.lib || in.server != "" {
				continue
			}
			if k, _ := packageContext(in.pkg); k != CtxProduction {
				continue
			}
			if yes, known := serves(in.pkg.Root); yes || !known {
				continue
			}
			var users []string
			only := true
			for _, o := range all {
				if o == in || !o.deps[in.pkg.Name] {
					continue
				}
				if k, _ := packageContext(o.pkg); k != CtxProduction {
					continue
				}
				if !tools[o.pkg.Root] {
					only = false
					break
				}
				if via := toolUsers[o.pkg.Root]; via != nil {
					users = append(users, via...)
				} else {
					users = append(users, "`"+displayName(o.pkg)+"`")
				}
			}
			if !only || len(users) == 0 {
				continue
			}
			sort.Strings(users)
			tools[in.pkg.Root], changed = true, true
			toolUsers[in.pkg.Root] = slices.Compact(users)
		}
	}
	for _, in := range all {
		users, ok := toolUsers[in.pkg.Root]
		if !ok {
			continue
		}
		if len(users) > 3 {
			users = append(users[:3:3], "...")
		}
		out[in.pkg.Root] = Context{Kind: CtxCLI, Why: fmt.Sprintf("in library `%s`, which serves nothing, and only command-line tools of this workspace use it (%s)", displayName(in.pkg), strings.Join(users, ", "))}
	}
	return out
}

// cliServerName reports whether a package's name says it runs as a service: a word such as
// server or daemon, or the Unix daemon convention of another package's name and a `d`
// (`zenohd` beside `zenoh`).
func cliServerName(name string, names map[string]bool) bool {
	name = strings.ToLower(name)
	if strings.HasSuffix(name, "d") && names[strings.TrimSuffix(name, "d")] {
		return true
	}
	for _, w := range cliServerWords {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// scannedPackages returns the packages of the scanned files, once each, in path order.
func scannedPackages(results []*FileResult) []*CrateInfo {
	seen := map[string]bool{}
	var out []*CrateInfo
	for _, r := range results {
		if p := r.Info.Package; p != nil && !seen[p.Root] {
			seen[p.Root] = true
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Root < out[j].Root })
	return out
}
