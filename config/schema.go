package config

import (
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/rules"
)

// topKeys are the keys a configuration table may hold.
var topKeys = []string{"context", "exclude", "rules"}

// build validates a configuration table (the whole document of a rustaudit.toml, or the
// metadata table of a Cargo.toml found at prefix) against the rules and turns it into a
// Config. The first problem, in file order, is returned.
func build(path, table string, prefix []string, doc any, lines keyLines, all []*rules.Rule) (*Config, error) {
	c := Empty()
	c.Path = path
	c.Table = table
	v := &validator{path: path, table: table, prefix: prefix, lines: lines}
	v.config(doc, c, all)
	if err := v.first(); err != nil {
		return nil, err
	}
	return c, nil
}

type validator struct {
	path, table string
	prefix      []string
	lines       keyLines
	errs        []*Error
}

func (v *validator) key(parts ...string) []string {
	return append(append([]string(nil), v.prefix...), parts...)
}

func (v *validator) errorf(at []string, format string, args ...any) {
	v.errs = append(v.errs, &Error{Path: v.path, Line: v.lines.at(v.key(at...)), Msg: fmt.Sprintf(format, args...)})
}

// first returns the problem that comes first in the file.
func (v *validator) first() error {
	if len(v.errs) == 0 {
		return nil
	}
	sort.SliceStable(v.errs, func(i, j int) bool { return v.errs[i].Line < v.errs[j].Line })
	return v.errs[0]
}

// where names a table for messages: [rules.x], or [package.metadata.rustaudit.rules.x].
func (v *validator) where(parts ...string) string {
	return "[" + strings.Join(v.key(parts...), ".") + "]"
}

func (v *validator) config(doc any, c *Config, all []*rules.Rule) {
	top, ok := doc.(map[string]any)
	if !ok {
		v.errorf(nil, "%s must be a table", v.where())
		return
	}
	for _, k := range sortedKeys(top) {
		switch k {
		case "exclude":
			c.Exclude = v.exclude(top[k])
		case "rules":
			v.rules(top[k], c.Settings, all)
		case "context":
			v.context(top[k], c.Settings)
		default:
			in := ""
			if v.table != "" {
				in = " in " + v.where()
			}
			v.errorf([]string{k}, "unknown key %q%s (valid: %s)", k, in, strings.Join(topKeys, ", "))
		}
	}
}

func (v *validator) exclude(val any) []string {
	list, ok := val.([]any)
	if !ok {
		v.errorf([]string{"exclude"}, "exclude must be a list of globs such as [\"vendor/**\"], got %s", describeValue(val))
		return nil
	}
	var out []string
	for i, x := range list {
		at := []string{"exclude", elemKey(i)}
		s, ok := x.(string)
		if !ok {
			v.errorf(at, "exclude must be a list of globs (strings), but element %d is %s", i+1, describeValue(x))
			continue
		}
		g := normalizeGlob(s)
		if g == "" || !doublestar.ValidatePattern(g) {
			v.errorf(at, "invalid glob %q in exclude", s)
			continue
		}
		out = append(out, g)
	}
	return out
}

// normalizeGlob makes a glob relative: "./vendor/" and "/vendor" both become "vendor".
func normalizeGlob(s string) string {
	s = strings.TrimSpace(s)
	for strings.HasPrefix(s, "./") {
		s = s[2:]
	}
	s = strings.TrimLeft(s, "/")
	return strings.TrimRight(s, "/")
}

func (v *validator) rules(val any, st *rules.Settings, all []*rules.Rule) {
	tbl, ok := val.(map[string]any)
	if !ok {
		v.errorf([]string{"rules"}, "rules must be a table of rule tables such as [rules.detached_task], got %s", describeValue(val))
		return
	}
	byID := map[string]*rules.Rule{}
	var ids []string
	for _, r := range all {
		byID[r.ID] = r
		ids = append(ids, r.ID)
	}
	for _, id := range sortedKeys(tbl) {
		r := byID[id]
		if r == nil {
			v.errorf([]string{"rules", id}, "unknown rule %q in %s (valid: %s)", id, v.where("rules", id), strings.Join(ids, ", "))
			continue
		}
		v.rule(r, tbl[id], st)
	}
}

func (v *validator) rule(r *rules.Rule, val any, st *rules.Settings) {
	tbl, ok := val.(map[string]any)
	if !ok {
		v.errorf([]string{"rules", r.ID}, "rules.%s must be a table such as %s with level = \"warning\", got %s", r.ID, v.where("rules", r.ID), describeValue(val))
		return
	}
	valid := append([]string{"level"}, rules.ContextKeys()...)
	for _, k := range sortedKeys(r.Options) {
		valid = append(valid, k)
	}
	for _, k := range sortedKeys(tbl) {
		at := []string{"rules", r.ID, k}
		x := tbl[k]
		if k == "level" {
			s, ok := x.(string)
			if !ok {
				v.errorf(at, "level of rule %s must be a string: allow, note, warning or error; got %s", r.ID, describeValue(x))
				continue
			}
			l, err := finding.ParseLevel(s)
			if err != nil {
				v.errorf(at, "unknown level %q for rule %s (valid: allow, note, warning, error)", s, r.ID)
				continue
			}
			st.Levels[r.ID] = l
			continue
		}
		if ctx, ok := rules.ContextByKey(k); ok {
			if l, ok := v.contextLevel(at, x); ok {
				if st.Context.RuleLevels == nil {
					st.Context.RuleLevels = map[string]map[rules.ContextKind]rules.Level{}
				}
				if st.Context.RuleLevels[r.ID] == nil {
					st.Context.RuleLevels[r.ID] = map[rules.ContextKind]rules.Level{}
				}
				st.Context.RuleLevels[r.ID][ctx] = l
			}
			continue
		}
		def, known := r.Options[k]
		if !known {
			v.errorf(at, "unknown key %q in %s (valid: %s)", k, v.where("rules", r.ID), strings.Join(valid, ", "))
			continue
		}
		got, elem, err := convert(def, x)
		if err != nil {
			if elem >= 0 {
				at = append(at, elemKey(elem))
			}
			v.errorf(at, "option %s of rule %s %v", k, r.ID, err)
			continue
		}
		if st.Options[r.ID] == nil {
			st.Options[r.ID] = map[string]any{}
		}
		st.Options[r.ID][k] = got
	}
}

// contextPathKeys are the [context] keys that list globs of files in a context.
var contextPathKeys = map[string]rules.ContextKind{
	"test-paths":     rules.CtxTest,
	"example-paths":  rules.CtxExample,
	"dev-tool-paths": rules.CtxDevTool,
	"cli-paths":      rules.CtxCLI,
	"vendored-paths": rules.CtxVendored,
}

// context reads the [context] table: the most a finding may be in test code, examples and
// development tools (`in-tests = "note"`), and globs of files that count as such.
func (v *validator) context(val any, st *rules.Settings) {
	tbl, ok := val.(map[string]any)
	if !ok {
		v.errorf([]string{"context"}, "context must be a table such as [context] with in-tests = \"note\", got %s", describeValue(val))
		return
	}
	valid := append(rules.ContextKeys(), sortedKeys(contextPathKeys)...)
	for _, k := range sortedKeys(tbl) {
		at := []string{"context", k}
		if ctx, ok := rules.ContextByKey(k); ok {
			if l, ok := v.contextLevel(at, tbl[k]); ok {
				if st.Context.Levels == nil {
					st.Context.Levels = map[rules.ContextKind]rules.Level{}
				}
				st.Context.Levels[ctx] = l
			}
			continue
		}
		ctx, ok := contextPathKeys[k]
		if !ok {
			v.errorf(at, "unknown key %q in %s (valid: %s)", k, v.where("context"), strings.Join(valid, ", "))
			continue
		}
		list, ok := tbl[k].([]any)
		if !ok {
			v.errorf(at, "%s must be a list of globs such as [\"crates/e2e/**\"], got %s", k, describeValue(tbl[k]))
			continue
		}
		for i, x := range list {
			s, ok := x.(string)
			g := normalizeGlob(s)
			if !ok || g == "" || !doublestar.ValidatePattern(g) {
				v.errorf(append(at, elemKey(i)), "%s must be a list of globs, but element %d is %s", k, i+1, describeValue(x))
				continue
			}
			if st.Context.Paths == nil {
				st.Context.Paths = map[rules.ContextKind][]string{}
			}
			st.Context.Paths[ctx] = append(st.Context.Paths[ctx], g)
		}
		st.Context.Base = filepath.Dir(v.path)
	}
}

// contextLevel reads the level of a context key: off (or allow), note, warning or error.
func (v *validator) contextLevel(at []string, x any) (rules.Level, bool) {
	s, ok := x.(string)
	if ok && strings.EqualFold(s, "off") {
		return rules.LevelAllow, true
	}
	var l rules.Level
	var err error
	if ok {
		l, err = finding.ParseLevel(s)
	}
	if !ok || err != nil {
		v.errorf(at, "%s must be the most a finding may be there: off, note, warning or error; got %s", at[len(at)-1], describeValue(x))
		return 0, false
	}
	return l, true
}

// convert turns a decoded TOML value into the Go type of an option's default: TOML integers
// are int64, floats float64, arrays []any. elem is the index of the offending element of a
// list, or -1.
func convert(def, x any) (v any, elem int, err error) {
	bad := func(format string, args ...any) (any, int, error) {
		return nil, -1, fmt.Errorf(format, args...)
	}
	switch d := def.(type) {
	case int64:
		if n, ok := x.(int64); ok {
			return n, -1, nil
		}
		return bad("must be an integer (default %d), got %s", d, describeValue(x))
	case int:
		if n, ok := x.(int64); ok {
			return int(n), -1, nil
		}
		return bad("must be an integer (default %d), got %s", d, describeValue(x))
	case float64:
		switch n := x.(type) {
		case float64:
			return n, -1, nil
		case int64:
			return float64(n), -1, nil
		}
		return bad("must be a number (default %v), got %s", d, describeValue(x))
	case bool:
		if b, ok := x.(bool); ok {
			return b, -1, nil
		}
		return bad("must be true or false (default %v), got %s", d, describeValue(x))
	case string:
		if s, ok := x.(string); ok {
			return s, -1, nil
		}
		return bad("must be a string (default %q), got %s", d, describeValue(x))
	case []string:
		list, ok := x.([]any)
		if !ok {
			return bad("must be a list of strings, got %s", describeValue(x))
		}
		out := make([]string, 0, len(list))
		for i, e := range list {
			s, ok := e.(string)
			if !ok {
				return nil, i, fmt.Errorf("must be a list of strings, but element %d is %s", i+1, describeValue(e))
			}
			out = append(out, s)
		}
		return out, -1, nil
	}
	// Any other default: accept a value of the very same Go type.
	if reflect.TypeOf(def) == reflect.TypeOf(x) {
		return x, -1, nil
	}
	return bad("must have the type of its default (%T), got %s", def, describeValue(x))
}

// describeValue names a decoded TOML value's type for messages, with the value when short.
func describeValue(x any) string {
	switch v := x.(type) {
	case string:
		if len(v) <= 40 {
			return fmt.Sprintf("a string (%q)", v)
		}
		return "a string"
	case int64:
		return fmt.Sprintf("an integer (%d)", v)
	case float64:
		return fmt.Sprintf("a float (%v)", v)
	case bool:
		return fmt.Sprintf("a boolean (%v)", v)
	case []any:
		return "a list"
	case map[string]any:
		return "a table"
	case nil:
		return "nothing"
	}
	return fmt.Sprintf("a date or time (%v)", x)
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
