package rules

import (
	"fmt"
	"reflect"
	"sync"

	"github.com/rustaudit/rustaudit/parser"
)

// FactKey names one kind of crate-wide fact, whose values have type T. A file's pass
// records values under it (Record) and a settling check reads every file's values (Facts):
// recording or reading a value of another type does not compile.
type FactKey[T any] struct{ name string }

// factNames holds the type of every fact key's name, so that two keys of one name and
// different types (whose values would never meet) are caught when the package starts.
var factNames sync.Map // name -> reflect.Type

// NewFactKey returns the key of the facts named name. Call it once per name, in a
// package-level var; a second key of that name must have the same T.
func NewFactKey[T any](name string) FactKey[T] {
	registerFactName[T](name)
	return FactKey[T]{name: name}
}

func registerFactName[T any](name string) {
	want := reflect.TypeFor[T]()
	if got, loaded := factNames.LoadOrStore(name, want); loaded && got != want {
		panic(fmt.Sprintf("fact key %q declared with types %v and %v", name, got, want))
	}
}

// For returns the key of k's facts about one name (the `const` items named sub, the
// methods of one type), so that a settling check reads only those.
func (k FactKey[T]) For(sub string) FactKey[T] { return FactKey[T]{name: k.name + "/" + sub} }

// factList is the values recorded under one key: a *facts[T] of the key's T.
type factList interface {
	appendTo(dst factList) factList
	len() int
	withCap(n int) factList // an empty list of the same type with room for n values
}

// facts is held by pointer, so that recording a value appends in place instead of storing
// a new slice header in the map (an allocation per Record).
type facts[T any] struct{ s []T }

// appendTo returns dst with s's values appended; a nil dst gets a list of its own (a file's
// list is never shared with its crate's).
func (s *facts[T]) appendTo(dst factList) factList {
	d, _ := dst.(*facts[T])
	if d == nil {
		d = &facts[T]{}
	}
	d.s = append(d.s, s.s...)
	return d
}

func (s *facts[T]) len() int { return len(s.s) }

func (s *facts[T]) withCap(n int) factList { return &facts[T]{s: make([]T, 0, n)} }

// Record records a crate-wide fact under k. Only a *Pass records: a rule's Local check
// (skipped in files that lack its words) gets a *LocalPass, which cannot.
func Record[T any](p *Pass, k FactKey[T], v T) {
	if p.res.facts == nil {
		p.res.facts = map[string]factList{}
	}
	l, _ := p.res.facts[k.name].(*facts[T])
	if l == nil {
		l = &facts[T]{}
		p.res.facts[k.name] = l
	}
	l.s = append(l.s, v)
}

// Recorded returns the values recorded under k by the file being analysed so far.
func Recorded[T any](p *Pass, k FactKey[T]) []T {
	if l, _ := p.res.facts[k.name].(*facts[T]); l != nil {
		return l.s
	}
	return nil
}

// Facts returns the values recorded under k by the crate's files, in path order.
func Facts[T any](c *Crate, k FactKey[T]) []T {
	l, ok := c.facts[k.name]
	if !ok {
		l = c.merge(k.name)
	}
	if l, _ := l.(*facts[T]); l != nil {
		return l.s
	}
	return nil
}

// merge gathers the files' facts named name into one list, once: only the keys a settling
// check reads are copied (most crates settle few findings, and read few keys).
func (c *Crate) merge(name string) factList {
	n := 0
	var out factList
	for _, f := range c.files {
		if l := f[name]; l != nil {
			n += l.len()
			if out == nil {
				out = l
			}
		}
	}
	if out != nil {
		out = out.withCap(n)
		for _, f := range c.files {
			if l := f[name]; l != nil {
				out = l.appendTo(out)
			}
		}
	}
	if c.facts == nil {
		c.facts = map[string]factList{}
	}
	c.facts[name] = out
	return out
}

// MemoKey names a value a settling check derives from the crate's facts once per crate
// (an index, a call graph) and shares between its findings.
type MemoKey[T any] struct{ name string }

// NewMemoKey returns the key of the memo named name.
func NewMemoKey[T any](name string) MemoKey[T] {
	registerFactName[T]("memo:" + name)
	return MemoKey[T]{name: name}
}

// Memo returns the crate's value under k, building it on first use.
func Memo[T any](c *Crate, k MemoKey[T], build func() T) T {
	if v, ok := c.memo[k.name]; ok {
		return v.(T)
	}
	v := build()
	if c.memo == nil {
		c.memo = map[string]any{}
	}
	c.memo[k.name] = v
	return v
}

// LocalPass is the view of one file given to a rule's Local check: what Pass offers
// except recording crate-wide facts and ReportLater.
type LocalPass struct {
	Tree *parser.Tree
	Info FileInfo
	pass *Pass // for the engine's bookkeeping; never handed to the rule
}

// Report records a finding.
func (p *LocalPass) Report(d Diagnostic) { p.pass.Report(d) }

// Mentions is Pass.Mentions.
func (p *LocalPass) Mentions(word string) bool { return p.pass.Mentions(word) }

// MentionsAfter is Pass.MentionsAfter.
func (p *LocalPass) MentionsAfter(prefix, word string) bool {
	return p.pass.MentionsAfter(prefix, word)
}

// Rule returns the rule being run.
func (p *LocalPass) Rule() *Rule { return p.pass.rule }

// Option is Pass.Option.
func (p *LocalPass) Option(name string) any { return p.pass.Option(name) }

// IntOption is Pass.IntOption.
func (p *LocalPass) IntOption(name string) int64 { return p.pass.IntOption(name) }

// StringsOption is Pass.StringsOption.
func (p *LocalPass) StringsOption(name string) []string { return p.pass.StringsOption(name) }
