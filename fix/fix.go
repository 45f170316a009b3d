// Package fix applies the fixes that findings carry: it picks the fixes a run asked for,
// applies them to a file's content (skipping a fix that overlaps one applied before it),
// writes files atomically and only when they did not change since they were read, and
// renders the edits as a unified diff. It reads findings only, never the rules.
package fix

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"

	udiff "github.com/aymanbagabas/go-udiff"

	"github.com/rustaudit/rustaudit/finding"
)

// Selection says which fixes a run applies.
type Selection struct {
	Certain     bool // fixes that are certain (--fix)
	NeedsReview bool // fixes that need review too (--fix-review)
	Suppress    bool // rustaudit:allow comments for findings no other selected fix resolves (--fix-suppress)
}

// Any reports whether s selects anything.
func (s Selection) Any() bool { return s.Certain || s.NeedsReview || s.Suppress }

// Choose returns the fix of f that s selects, or nil: the first code fix whose
// applicability s allows, else (with Suppress) the fix that silences f. Suppressed findings
// have nothing to fix.
func (s Selection) Choose(f *finding.Finding) *finding.Fix {
	if f.Suppressed {
		return nil
	}
	for i := range f.Fixes {
		fx := &f.Fixes[i]
		if fx.Suppress {
			continue
		}
		if fx.Applicability == finding.Certain && (s.Certain || s.NeedsReview) ||
			fx.Applicability == finding.NeedsReview && s.NeedsReview {
			return fx
		}
	}
	if s.Suppress {
		for i := range f.Fixes {
			if f.Fixes[i].Suppress {
				return &f.Fixes[i]
			}
		}
	}
	return nil
}

// Planned is a fix chosen for a finding.
type Planned struct {
	Finding *finding.Finding
	Fix     *finding.Fix
}

// Skipped is a planned fix that was not applied, and why.
type Skipped struct {
	Planned
	Reason string
}

// Plan groups the fixes s chooses for fs by file, in the findings' order.
func Plan(fs []finding.Finding, s Selection) map[string][]Planned {
	out := map[string][]Planned{}
	for i := range fs {
		if fx := s.Choose(&fs[i]); fx != nil {
			out[fs[i].Path] = append(out[fs[i].Path], Planned{Finding: &fs[i], Fix: fx})
		}
	}
	return out
}

// bom is the UTF-8 byte-order mark. The scan reads it as blanks, so edits may point into
// it; an insertion there goes after it, so that it stays the first thing in the file.
var bom = []byte{0xEF, 0xBB, 0xBF}

// Apply applies the fixes to src in order and returns the new content. A fix with an edit
// that overlaps an edit applied before it (or that does not fit src) is skipped whole; an
// edit identical to one already applied (the same comment for two findings of one
// statement) is applied once.
func Apply(src []byte, fixes []Planned) (out []byte, applied []Planned, skipped []Skipped) {
	var done []udiff.Edit
	for _, p := range fixes {
		var add []udiff.Edit
		reason := ""
		for _, e := range p.Fix.Edits {
			ue := udiff.Edit{Start: e.Span.Start.Byte, End: e.Span.End.Byte, New: e.New}
			if bytes.HasPrefix(src, bom) && ue.Start < len(bom) {
				if ue.Start != ue.End {
					reason = "it would edit the file's byte-order mark"
					break
				}
				ue.Start, ue.End = len(bom), len(bom)
			}
			if ue.Start < 0 || ue.Start > ue.End || ue.End > len(src) {
				reason = "it does not fit the file"
				break
			}
			if contains(done, ue) {
				continue
			}
			if overlaps(done, ue) || overlaps(add, ue) {
				reason = "it overlaps a fix applied before it"
				break
			}
			add = append(add, ue)
		}
		if reason != "" {
			skipped = append(skipped, Skipped{Planned: p, Reason: reason})
			continue
		}
		done = append(done, add...)
		applied = append(applied, p)
	}
	if len(done) == 0 {
		return src, applied, skipped
	}
	res, err := udiff.ApplyBytes(src, done)
	if err != nil {
		// Cannot happen: the edits were checked above. Apply nothing rather than guess.
		for _, p := range applied {
			skipped = append(skipped, Skipped{Planned: p, Reason: err.Error()})
		}
		return src, nil, skipped
	}
	return res, applied, skipped
}

func contains(es []udiff.Edit, e udiff.Edit) bool {
	for _, x := range es {
		if x == e {
			return true
		}
	}
	return false
}

// overlaps reports whether e touches the text of one of es: two ranges that share a byte,
// or an insertion strictly inside a replaced range. Insertions at the same point do not
// overlap (they are applied in order), nor does an insertion at either end of a range.
func overlaps(es []udiff.Edit, e udiff.Edit) bool {
	for _, x := range es {
		if x.Start < e.End && e.Start < x.End {
			return true
		}
	}
	return false
}

// Hash is the hash a file's content is compared by, to tell whether it changed since it
// was read.
func Hash(data []byte) [sha256.Size]byte { return sha256.Sum256(data) }

// Diff returns the unified diff (git's a/ and b/ labels, three lines of context) that turns
// old into new for the file named name, or "" when they are equal.
func Diff(name string, old, new []byte) (string, error) {
	if bytes.Equal(old, new) {
		return "", nil
	}
	edits := udiff.Lines(string(old), string(new))
	name = filepath.ToSlash(name)
	return udiff.ToUnified("a/"+name, "b/"+name, string(old), edits, udiff.DefaultContextLines)
}

// ErrChanged is returned by WriteFile when the file no longer holds what was read.
var ErrChanged = fmt.Errorf("the file changed since it was read")

// WriteFile replaces the content of path with data, atomically (a temporary file in the
// same directory, renamed over it, with the file's permissions), provided that the file
// still hashes to want; otherwise it writes nothing and returns ErrChanged.
func WriteFile(path string, want [sha256.Size]byte, data []byte) (err error) {
	// A symbolic link named on the command line stays a link: its target is rewritten.
	if path, err = filepath.EvalSymlinks(path); err != nil {
		return err
	}
	cur, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if Hash(cur) != want {
		return ErrChanged
	}
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = io.Copy(tmp, bytes.NewReader(data)); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Chmod(tmp.Name(), st.Mode().Perm()); err != nil {
		return err
	}
	// Read once more just before the rename: the window in which another writer's change
	// could be lost is as short as it can be without locks (editors do not take them).
	if cur, err = os.ReadFile(path); err != nil {
		return err
	}
	if Hash(cur) != want {
		err = ErrChanged
		return err
	}
	return os.Rename(tmp.Name(), path)
}
