package rules

// In-source suppressions: `// rustaudit:allow(rule_id, ...) reason` on its own line silences
// those rules for the statement or item that follows it; at the end of a line, for that line;
// `// rustaudit:allow-file(rule_id, ...) reason` anywhere in a file silences them for the
// whole file. A finding is silenced when its start line lies in the range. Silenced findings
// are kept, marked Suppressed with the reason as Justification, so that SARIF can carry them.
//
// The directives are read while the tree is alive (Engine.Analyze) and kept in the file's
// FileResult as line ranges, so that findings settled later against crate-wide facts are
// matched too, and unused_suppression can tell which directives silenced nothing.

import (
	"bytes"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/rustaudit/rustaudit/cargo"
	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/parser"
)

const (
	directivePrefix = "rustaudit:"
	// suppressionErrorPrefix starts the message of every notification about an invalid
	// directive; IsSuppressionError recognises them.
	suppressionErrorPrefix = "invalid suppression: "
)

// IsSuppressionError reports whether n is about an invalid rustaudit:allow comment (a
// malformed directive or an unknown rule id). The CLI treats these like usage errors.
func IsSuppressionError(n finding.Notification) bool {
	return n.Level == LevelError && n.Rule == "" && strings.HasPrefix(n.Message, suppressionErrorPrefix)
}

// suppressions are the directives of one file.
type suppressions struct {
	dirs []directive
}

// directive is one rustaudit:allow or rustaudit:allow-file comment, reduced to small values.
type directive struct {
	line     int           // 1-based line of the comment
	comment  parser.NodeID // the comment node; valid only while the tree is alive
	file     bool
	from, to int // 1-based lines silenced, inclusive; from > to when nothing follows
	dangling bool
	ids      []string
	reason   string
	// clippy is the Clippy lint a directive stems from (a Cargo.toml entry, or the one lock
	// lint an attribute names): it silences only the findings that lint would report
	// (clippyCovers).
	clippy  string
	checked []bool // per id: the rule is enabled, so silencing nothing is worth reporting
	used    []bool
	// unused is unused_suppression's finding for this directive, prepared while the source
	// was in memory; nil when that rule is off.
	unused *finding.Finding
}

func (d *directive) covers(line int) bool {
	return d.file || (d.from <= line && line <= d.to)
}

func (d *directive) width() int {
	if d.file {
		return int(^uint(0) >> 1)
	}
	return d.to - d.from
}

// apply marks f as suppressed when a directive of its file names its rule on its start line.
// Every matching directive counts as used; the justification comes from the narrowest
// matching directive that gives a reason.
func (s *suppressions) apply(f *finding.Finding) {
	if s != nil {
		s.applyExcept(f, -1)
	}
}

// applyExcept is apply without the directive at index except.
func (s *suppressions) applyExcept(f *finding.Finding, except int) {
	best := -1
	for i := range s.dirs {
		d := &s.dirs[i]
		if i == except || !d.covers(f.Span.Start.Line) {
			continue
		}
		if d.clippy != "" && !clippyCovers(d.clippy, f) {
			continue
		}
		for j, id := range d.ids {
			if id != f.Rule {
				continue
			}
			d.used[j] = true
			f.Suppressed = true
			if d.reason != "" && (best < 0 || d.width() < s.dirs[best].width()) {
				best = i
			}
		}
	}
	if best >= 0 {
		f.Justification = s.dirs[best].reason
	}
	if f.Suppressed {
		f.Fixes = nil // silenced on purpose: nothing to fix
	}
}

// unusedFindings returns unused_suppression's findings once every finding of the file was
// matched: one per directive that names an enabled rule and silenced none of its findings.
// A directive that names unused_suppression itself silences other directives' reports; it is
// reported when it silenced none, and that report cannot be silenced.
func (s *suppressions) unusedFindings() []finding.Finding {
	if s == nil {
		return nil
	}
	type report struct {
		dir int
		ids []string
	}
	var reps []report
	byDir := map[int]int{}
	for i := range s.dirs {
		d := &s.dirs[i]
		if d.unused == nil {
			continue
		}
		var ids []string
		for j, id := range d.ids {
			if d.checked[j] && !d.used[j] && id != UnusedSuppressionID {
				ids = append(ids, id)
			}
		}
		if len(ids) > 0 {
			byDir[i] = len(reps)
			reps = append(reps, report{dir: i, ids: ids})
		}
	}
	suppressed := make([]bool, len(reps))
	justification := make([]string, len(reps))
	for k, r := range reps {
		// A directive never silences its own report.
		f := finding.Finding{Rule: UnusedSuppressionID, Span: s.dirs[r.dir].unused.Span}
		s.applyExcept(&f, r.dir)
		suppressed[k], justification[k] = f.Suppressed, f.Justification
	}
	for i := range s.dirs {
		d := &s.dirs[i]
		if d.unused == nil {
			continue
		}
		for j, id := range d.ids {
			if id == UnusedSuppressionID && d.checked[j] && !d.used[j] {
				if k, ok := byDir[i]; ok {
					reps[k].ids = append(reps[k].ids, id)
				} else {
					byDir[i] = len(reps)
					reps = append(reps, report{dir: i, ids: []string{id}})
					suppressed = append(suppressed, false)
					justification = append(justification, "")
				}
			}
		}
	}
	var out []finding.Finding
	for k, r := range reps {
		d := &s.dirs[r.dir]
		f := *d.unused
		verb := "allow"
		scope := "at this place"
		if d.file {
			verb = "allow-file"
			scope = "in this file"
		}
		if len(r.ids) == len(d.ids) {
			f.Message = fmt.Sprintf("rustaudit:%s(%s) silences nothing: no finding of %s %s", verb, strings.Join(d.ids, ", "), orList(r.ids), scope)
		} else {
			f.Message = fmt.Sprintf("%s in this rustaudit:%s silences nothing: no finding of %s %s", strings.Join(r.ids, ", "), verb, orList(r.ids), scope)
		}
		f.Help = "Remove the comment, or the rule ids that silence nothing: a stale allow would hide the next real finding of that rule here."
		if d.dangling {
			f.Notes = append(f.Notes, "nothing follows this comment in its block: an own-line rustaudit:allow applies to the statement or item on the next line, and an end-of-line one to its own line")
		}
		f.Suppressed, f.Justification = suppressed[k], justification[k]
		out = append(out, f)
	}
	return out
}

func orList(ids []string) string {
	if len(ids) <= 1 {
		return strings.Join(ids, "")
	}
	return strings.Join(ids[:len(ids)-1], ", ") + " or " + ids[len(ids)-1]
}

// suppressionScope is what parsing the directives needs to know from the engine.
type suppressionScope struct {
	known   func(id string) bool // a rule id that exists
	valid   []string             // every rule id, for messages
	enabled func(id string) bool // the rule runs, so an allow of it that silences nothing is stale
}

// parseSuppressions reads the directives of t. It returns them with their line ranges, and a
// notification for each malformed directive or unknown rule id. A directive with an unknown
// id still silences the ids it names correctly.
func parseSuppressions(t *parser.Tree, path string, sc suppressionScope) ([]directive, []finding.Notification) {
	dirs, notes := parseDirectives(t, path, sc)
	return append(dirs, clippyDirectives(t, sc)...), notes
}

// parseDirectives reads the rustaudit:allow comments of t.
func parseDirectives(t *parser.Tree, path string, sc suppressionScope) ([]directive, []finding.Notification) {
	if !containsWord(t.Src, directivePrefix) { // jumps on a rare byte: most files have none
		return nil, nil
	}
	// Comments are collected from every node, not by walking: a comment between two select!
	// branches lies outside every re-parsed piece, so only the macro's original token tree
	// (no longer linked into the tree) holds it. Copies made by re-parsing share its offset.
	var comments []parser.NodeID
	seen := map[uint32]bool{}
	for i := range t.Nodes {
		nd := &t.Nodes[i]
		if nd.Kind != parser.KLineComment || seen[nd.Start] {
			continue
		}
		seen[nd.Start] = true
		if bytes.Contains(t.Src[nd.Start:nd.End], []byte(directivePrefix)) {
			comments = append(comments, parser.NodeID(i))
		}
	}
	sort.Slice(comments, func(i, j int) bool { return t.Nodes[comments[i]].Start < t.Nodes[comments[j]].Start })

	var dirs []directive
	var notes []finding.Notification
	var ownLine []int // indexes into dirs of own-line allows, whose range needs the tree
	var ownLineComment []parser.NodeID
	for _, c := range comments {
		nd := &t.Nodes[c]
		line := int(nd.StartRow) + 1
		text, ok := directiveText(t.Src[nd.Start:nd.End])
		if !ok {
			continue
		}
		d, errs := parseDirective(text, sc)
		for _, e := range errs {
			notes = append(notes, finding.Notification{Path: path, Line: line, Level: LevelError, Message: suppressionErrorPrefix + e})
		}
		if len(d.ids) == 0 {
			continue
		}
		d.line, d.comment = line, c
		d.used = make([]bool, len(d.ids))
		d.checked = make([]bool, len(d.ids))
		for j, id := range d.ids {
			d.checked[j] = sc.enabled(id)
		}
		switch {
		case d.file:
		case ownLineAt(t, nd):
			ownLine = append(ownLine, len(dirs))
			ownLineComment = append(ownLineComment, c)
		default:
			d.from, d.to = line, line
		}
		dirs = append(dirs, d)
	}
	if len(ownLine) > 0 {
		order := preorder(t)
		for k, i := range ownLine {
			dirs[i].from, dirs[i].to, dirs[i].dangling = targetLines(t, order, ownLineComment[k])
		}
	}
	return dirs, notes
}

// directiveText returns what follows `//` in a plain line comment when it starts with
// "rustaudit:". Doc comments (`///`, `//!`) are documentation, not directives.
func directiveText(c []byte) (string, bool) {
	s := string(bytes.TrimRight(c, "\r\n"))
	if !strings.HasPrefix(s, "//") {
		return "", false
	}
	s = s[2:]
	if strings.HasPrefix(s, "!") || (strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//")) {
		return "", false
	}
	s = strings.TrimLeft(s, " \t")
	if !strings.HasPrefix(s, directivePrefix) {
		return "", false
	}
	return s, true
}

// parseDirective reads `rustaudit:allow(a, b) reason` or `rustaudit:allow-file(a) reason`.
// It returns the directive with its known ids, and a message for each problem.
func parseDirective(s string, sc suppressionScope) (directive, []string) {
	var d directive
	rest := strings.TrimPrefix(s, directivePrefix)
	verb := rest
	if i := strings.IndexAny(rest, "( \t"); i >= 0 {
		verb = rest[:i]
	}
	switch verb {
	case "allow":
	case "allow-file":
		d.file = true
	default:
		return d, []string{fmt.Sprintf("unknown directive %q (valid: rustaudit:allow(RULE, ...) and rustaudit:allow-file(RULE, ...))", directivePrefix+verb)}
	}
	rest = rest[len(verb):]
	if !strings.HasPrefix(rest, "(") {
		return d, []string{fmt.Sprintf("rustaudit:%s must be followed by the rule ids in parentheses, as in rustaudit:%s(detached_task)", verb, verb)}
	}
	end := strings.IndexByte(rest, ')')
	if end < 0 {
		return d, []string{fmt.Sprintf("rustaudit:%s( has no closing parenthesis", verb)}
	}
	list := rest[1:end]
	var errs []string
	seen := map[string]bool{}
	empty := true
	for _, part := range strings.Split(list, ",") {
		id := strings.TrimSpace(part)
		if id == "" {
			continue
		}
		empty = false
		if !sc.known(id) {
			errs = append(errs, fmt.Sprintf("unknown rule %q in rustaudit:%s (valid: %s)", id, verb, strings.Join(sc.valid, ", ")))
			continue
		}
		if !seen[id] {
			seen[id] = true
			d.ids = append(d.ids, id)
		}
	}
	if empty {
		errs = append(errs, fmt.Sprintf("rustaudit:%s() names no rule: list the rule ids to silence, as in rustaudit:%s(detached_task)", verb, verb))
	}
	d.reason = reasonOf(rest[end+1:])
	return d, errs
}

// reasonOf trims the text after the closing parenthesis, and a separator such as ":" or "--"
// before it.
func reasonOf(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimLeft(s, ":-\u2013\u2014")
	return strings.TrimSpace(s)
}

// ownLineAt reports whether only whitespace precedes the comment on its line.
func ownLineAt(t *parser.Tree, nd *parser.Node) bool {
	row := int(nd.StartRow)
	if row >= len(t.Lines) {
		return false
	}
	start := t.Lines[row]
	return len(bytes.TrimLeft(t.Src[start:nd.Start], " \t")) == 0
}

// preorder lists the tree's nodes in preorder, without comments. Positions grow along it
// (a parent comes before the children that start where it starts).
func preorder(t *parser.Tree) []parser.NodeID {
	order := make([]parser.NodeID, 0, len(t.Nodes))
	t.Walk(t.Root(), func(n parser.NodeID) bool {
		if t.IsComment(n) {
			return false
		}
		order = append(order, n)
		return true
	})
	return order
}

// targetLines finds what an own-line allow applies to: the outermost node that starts first
// after the comment, past further comments and attributes, provided that it sits in the
// same list as the comment (a comment at the end of a block applies to nothing). The range
// runs from the comment's line to the node's last line, so that attributes in between are
// covered. dangling is set when nothing follows.
func targetLines(t *parser.Tree, order []parser.NodeID, c parser.NodeID) (from, to int, dangling bool) {
	cn := t.Nodes[c]
	from = int(cn.StartRow) + 1
	after := func(pos uint32) int {
		return sort.Search(len(order), func(i int) bool { return t.Nodes[order[i]].Start >= pos })
	}
	k := after(cn.End)
	for k < len(order) && (t.Is(order[k], parser.KAttributeItem) || t.Is(order[k], parser.KInnerAttributeItem)) {
		k = after(t.Nodes[order[k]].End)
	}
	if k >= len(order) {
		return from, from - 1, true
	}
	target := order[k]
	tn := &t.Nodes[target]
	if tn.Flags&parser.FlagNamed == 0 || tn.Parent < 0 {
		return from, from - 1, true
	}
	// The comment must lie directly in the target's parent, not inside an earlier sibling
	// (a comment that ends a select! body is not about the statement after the macro).
	p := &t.Nodes[tn.Parent]
	if p.Start > cn.Start || cn.End > p.End {
		return from, from - 1, true
	}
	for s := p.FirstChild; s >= 0 && s != target; s = t.Nodes[s].Next {
		sn := &t.Nodes[s]
		if !t.IsComment(s) && sn.Start <= cn.Start && cn.End <= sn.End {
			return from, from - 1, true
		}
	}
	to = int(tn.EndRow) + 1
	if tn.EndCol == 0 && tn.EndRow > tn.StartRow {
		to-- // the node ends with a line break
	}
	return from, to, false
}

// clippyLints are the Clippy lints that overlap a rule: an `#[allow(..)]` or `#[expect(..)]`
// of one of them is a decision already made about the same finding, so it silences the rule
// there like a rustaudit:allow, with the attribute as its reason.
var clippyLints = map[string]string{
	"await_holding_lock":        "lock_across_await",
	"await_holding_refcell_ref": "lock_across_await",
	"large_futures":             "large_future_capture",
	"let_underscore_future":     "detached_task",
}

// clippyItemLints overlap a rule only where the allow sits on the code it is about: an
// `#[allow(clippy::disallowed_methods)]` (or `expect`) on a statement, fn or other item says
// the project bans some methods in its clippy.toml (deno, dprint, mise ban std::fs and
// thread sleeps in async crates) and calls one here on purpose, often with a `reason`
// ("this is a file system loader"): a decision about the blocking call it covers. Not from
// Cargo.toml's `[lints.clippy]` nor an inner `#![allow]`, which switch the lint off for a
// whole crate or file and say nothing about one call.
var clippyItemLints = map[string]string{
	"disallowed_methods": "blocking_in_async",
}

// clippyLintGroups is the group Clippy files each overlapping lint under: the three
// `suspicious` ones run by default, `large_futures` (pedantic) does not.
var clippyLintGroups = map[string]string{
	"await_holding_lock":        "suspicious",
	"await_holding_refcell_ref": "suspicious",
	"large_futures":             "pedantic",
	"let_underscore_future":     "suspicious",
}

// clippyCovers says whether Clippy's lint would report what f reports: lock_across_await
// answers to two lints, `await_holding_refcell_ref` for `RefCell` borrows and
// `await_holding_lock` for lock guards.
func clippyCovers(lint string, f *finding.Finding) bool {
	switch lint {
	case "await_holding_refcell_ref":
		return strings.Contains(f.Message, lawRefCellBorrow)
	case "await_holding_lock":
		return !strings.Contains(f.Message, lawRefCellBorrow)
	}
	return true
}

// manifestDirectives are the decisions a package's Cargo.toml made for all its files: a
// Clippy lint that overlaps a rule, set to "allow" in `[lints.clippy]` (or in the
// workspace's `[workspace.lints.clippy]` the package inherits), silences that rule in every
// file of the package, like `#![allow(clippy::..)]` at each crate root. The lint may be
// allowed by name, or through its group when that turns off a lint Clippy runs by default
// (`all = "allow"` or `suspicious = "allow"`, unless a later entry turns it back on): a
// project that switched off the lint on purpose. An allow of a group Clippy does not run
// anyway (`pedantic = "allow"`) is Clippy's default, no decision, and does not count. Like
// the attributes, they are never reported as unused.
func manifestDirectives(pkg *cargo.Package, known func(id string) bool) []directive {
	if pkg == nil || len(pkg.Clippy) == 0 {
		return nil
	}
	table := "[lints.clippy]"
	if pkg.LintsFromWorkspace {
		table = "[workspace.lints.clippy] (inherited through `[lints] workspace = true`)"
	}
	var out []directive
	for _, lint := range slices.Sorted(maps.Keys(clippyLints)) {
		id := clippyLints[lint]
		level, by := cargo.ClippyLevel(pkg.Clippy, lint, clippyLintGroups[lint])
		if level != "allow" || !known(id) || by != lint && clippyLintGroups[lint] == "pedantic" {
			continue
		}
		reason := fmt.Sprintf("`%s = \"allow\"` in %s of Cargo.toml", lint, table)
		if by != lint {
			reason = fmt.Sprintf("`%s = \"allow\"` in %s of Cargo.toml, which turns off Clippy's `%s`", by, table, lint)
		}
		out = append(out, directive{file: true, ids: []string{id}, used: make([]bool, 1), checked: make([]bool, 1), reason: reason, clippy: lint})
	}
	return out
}

// clippyDirectives turns the `#[allow(clippy::..)]` / `#[expect(clippy::..)]` attributes of
// t that name an overlapping lint into directives over the item they are on (the whole file
// or block for an inner `#![..]`). They are never reported as unused: Clippy owns them.
func clippyDirectives(t *parser.Tree, sc suppressionScope) []directive {
	if !containsWord(t.Src, "clippy::") { // bytes.Contains jumps on 'c', one of Rust's commonest
		return nil
	}
	var out []directive
	seen := map[uint32]bool{}
	for i := range t.Nodes {
		nd := &t.Nodes[i]
		inner := nd.Kind == parser.KInnerAttributeItem
		if nd.Kind != parser.KAttributeItem && !inner || seen[nd.Start] {
			continue
		}
		seen[nd.Start] = true
		item := parser.NodeID(i)
		ids, lockLint := clippyAllowIDs(t, t.FirstChildOfKind(item, kAttribute), sc, !inner)
		if len(ids) == 0 {
			continue
		}
		d := directive{line: int(nd.StartRow) + 1, comment: item, ids: ids, clippy: lockLint,
			reason: "`" + strings.Join(strings.Fields(t.Text(item)), " ") + "`"}
		d.used = make([]bool, len(ids))
		d.checked = make([]bool, len(ids))
		if inner {
			scope := nd.Parent
			if scope < 0 || t.Is(scope, parser.KSourceFile) {
				d.file = true
			} else {
				d.from, d.to = int(t.Nodes[scope].StartRow)+1, int(t.Nodes[scope].EndRow)+1
			}
		} else {
			target := item
			for target >= 0 && (t.Is(target, parser.KAttributeItem) || t.IsComment(target) || !t.IsNamed(target)) {
				target = t.Nodes[target].Next
			}
			if target < 0 {
				continue
			}
			d.from, d.to = d.line, int(t.Nodes[target].EndRow)+1
		}
		out = append(out, d)
	}
	return out
}

// clippyAllowIDs returns the rules that `allow(..)`/`expect(..)` attribute a silences through
// the Clippy lints it names.
func clippyAllowIDs(t *parser.Tree, a parser.NodeID, sc suppressionScope, outer bool) (ids []string, lockLint string) {
	var lockLints []string
	for _, lint := range clippyAllowed(t, a) {
		id := clippyLints[lint]
		if id == "" && outer {
			id = clippyItemLints[lint]
		}
		if id != "" && sc.known(id) && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
		if (lint == "await_holding_lock" || lint == "await_holding_refcell_ref") && !slices.Contains(lockLints, lint) {
			lockLints = append(lockLints, lint)
		}
	}
	// One of the two lock lints named alone silences only what it covers (clippyCovers):
	// `await_holding_lock` the lock guards, `await_holding_refcell_ref` the RefCell borrows.
	if len(lockLints) == 1 {
		lockLint = lockLints[0]
	}
	return ids, lockLint
}

var clippyLintRE = regexp.MustCompile(`\bclippy\s*::\s*([a-z_]+)`)

// clippyAllowed returns the Clippy lints that the `allow(..)`/`expect(..)` attribute a (its
// `attribute` node) names: ["infinite_loop"] for `allow(clippy::infinite_loop)`.
func clippyAllowed(t *parser.Tree, a parser.NodeID) []string {
	if a < 0 {
		return nil
	}
	name := t.NamedChild(a, 0)
	if name < 0 || !t.TextIs(name, "allow") && !t.TextIs(name, "expect") {
		return nil
	}
	args := t.Field(a, parser.FArguments)
	if args < 0 {
		return nil
	}
	var lints []string
	for _, m := range clippyLintRE.FindAllStringSubmatch(t.Text(args), -1) {
		lints = append(lints, m[1])
	}
	return lints
}
