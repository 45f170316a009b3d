package main

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/fix"
	"github.com/rustaudit/rustaudit/parser"
)

// testHookBeforeFix, when set (by tests only), sees the fixes planned for each file before
// any is applied: tests add a fix that breaks parsing, or change a file under rustaudit.
var testHookBeforeFix func(plan map[string][]fix.Planned)

// fixRun applies the fixes of one scan.
type fixRun struct {
	sel    fix.Selection
	hashes map[string][sha256.Size]byte // the files as the scan read them
	diff   bool                         // render a diff instead of writing
	cwd    string                       // diff labels are relative to it
	words  map[string]bool              // the macro words the scan parsed with

	parser *parser.Parser
	out    bytes.Buffer // the diff
	notes  []finding.Notification
	fixed  int // fixes applied (or shown)
	files  int // files changed (or that would change)
}

// apply applies (or, with diff, renders) the fixes that r.sel chooses for fs, file by file.
func (r *fixRun) apply(fs []finding.Finding) {
	plan := fix.Plan(fs, r.sel)
	if testHookBeforeFix != nil {
		testHookBeforeFix(plan)
	}
	paths := make([]string, 0, len(plan))
	for p := range plan {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	r.parser = parser.NewParser()
	defer r.parser.Close()
	r.parser.MacroWords = r.words
	for _, p := range paths {
		r.file(p, plan[p])
	}
}

func (r *fixRun) note(path string, line int, rule, format string, args ...any) {
	r.notes = append(r.notes, finding.Notification{Path: path, Line: line, Level: finding.LevelWarning, Rule: rule,
		Message: fmt.Sprintf(format, args...)})
}

func (r *fixRun) skipped(path string, s fix.Skipped) {
	r.note(path, s.Finding.Span.Start.Line, s.Finding.Rule, "fix not applied (%s): %s", s.Fix.Description, s.Reason)
}

// file applies the planned fixes of one file. A fix that overlaps one before it is skipped;
// when the result parses worse than the file did (more syntax errors, or a macro body that
// no longer parses), the fixes are tried one at a time and those that break it are rolled
// back. Nothing is written over a file that changed since the scan read it.
func (r *fixRun) file(path string, planned []fix.Planned) {
	want, ok := r.hashes[path]
	cur, err := os.ReadFile(path)
	switch {
	case err != nil:
		r.note(path, 0, "", "fixes not applied: %v", err)
		return
	case !ok || fix.Hash(cur) != want:
		r.note(path, 0, "", "fixes not applied: %v", fix.ErrChanged)
		return
	}
	out, applied, skipped := fix.Apply(cur, planned)
	for _, s := range skipped {
		r.skipped(path, s)
	}
	if len(applied) == 0 {
		return
	}
	before := r.damage(path, cur)
	if r.damage(path, out).worseThan(before) {
		var keep []fix.Planned
		for _, p := range applied {
			try, ok, _ := fix.Apply(cur, append(append([]fix.Planned{}, keep...), p))
			if len(ok) == len(keep)+1 && !r.damage(path, try).worseThan(before) {
				keep = append(keep, p)
				continue
			}
			r.skipped(path, fix.Skipped{Planned: p, Reason: "the fixed file would not parse (rolled back)"})
		}
		applied = keep
		out, _, _ = fix.Apply(cur, keep)
	}
	if len(applied) == 0 || bytes.Equal(out, cur) {
		return
	}
	if r.diff {
		name := path
		if rel, err := filepath.Rel(r.cwd, path); err == nil && filepath.IsLocal(rel) {
			name = rel
		}
		d, err := fix.Diff(name, cur, out)
		if err != nil {
			r.note(path, 0, "", "cannot show the fixes: %v", err)
			return
		}
		r.out.WriteString(d)
	} else if err := fix.WriteFile(path, want, out); err != nil {
		if errors.Is(err, fix.ErrChanged) {
			r.note(path, 0, "", "fixes not applied: %v", err)
		} else {
			r.note(path, 0, "", "fixes not applied: cannot write the file: %v", err)
		}
		return
	}
	r.fixed += len(applied)
	r.files++
}

// damage is how badly a file parses: its syntax error nodes, and its macro bodies that
// were re-parsed (a body that stops parsing stays tokens, and is lost to the rules).
type damage struct{ errors, bodies int }

func (d damage) worseThan(o damage) bool { return d.errors > o.errors || d.bodies < o.bodies }

func (r *fixRun) damage(path string, src []byte) damage {
	t, err := r.parser.Parse(path, src)
	if err != nil {
		return damage{errors: 1 << 30}
	}
	defer r.parser.Recycle(t)
	d := damage{bodies: t.MacroBodies}
	for i := range t.Nodes {
		if t.Nodes[i].Flags&(parser.FlagError|parser.FlagMissing) != 0 {
			d.errors++
		}
	}
	return d
}
