package fix

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rustaudit/rustaudit/finding"
)

// edit makes an edit of src's bytes [start, end).
func edit(start, end int, s string) finding.Edit {
	return finding.Edit{Span: finding.Span{Start: finding.Pos{Byte: start}, End: finding.Pos{Byte: end}}, New: s}
}

func planned(line int, a finding.Applicability, es ...finding.Edit) Planned {
	return Planned{
		Finding: &finding.Finding{Rule: "r", Span: finding.Span{Start: finding.Pos{Line: line}}},
		Fix:     &finding.Fix{Description: "d", Applicability: a, Edits: es},
	}
}

func TestApply(t *testing.T) {
	src := []byte("abcdefghij")
	cases := []struct {
		name    string
		fixes   []Planned
		want    string
		applied int
	}{
		{"one replacement", []Planned{planned(1, finding.Certain, edit(2, 4, "XY"))}, "abXYefghij", 1},
		{"insertions", []Planned{planned(1, finding.Certain, edit(0, 0, "<"), edit(10, 10, ">"))}, "<abcdefghij>", 1},
		{"deletion", []Planned{planned(1, finding.Certain, edit(0, 3, ""))}, "defghij", 1},
		// The second overlaps the first: skipped whole, its other edit too.
		{"overlapping", []Planned{
			planned(1, finding.Certain, edit(2, 5, "X")),
			planned(2, finding.Certain, edit(0, 0, "!"), edit(4, 6, "Y")),
		}, "abXfghij", 1},
		{"an insertion inside a replaced range", []Planned{
			planned(1, finding.Certain, edit(2, 5, "X")),
			planned(2, finding.Certain, edit(3, 3, "!")),
		}, "abXfghij", 1},
		// Touching ranges and insertions at the same point do not overlap.
		{"touching", []Planned{
			planned(1, finding.Certain, edit(2, 4, "X")),
			planned(2, finding.Certain, edit(4, 6, "Y")),
			planned(3, finding.Certain, edit(4, 4, "+")),
		}, "abX+Yghij", 3},
		// The same edit for two findings (one comment above one statement) is made once.
		{"identical edits", []Planned{
			planned(1, finding.NeedsReview, edit(0, 0, "// c\n")),
			planned(2, finding.NeedsReview, edit(0, 0, "// c\n")),
		}, "// c\nabcdefghij", 2},
		{"out of range", []Planned{planned(1, finding.Certain, edit(8, 12, "X"))}, "abcdefghij", 0},
	}
	for _, c := range cases {
		out, applied, skipped := Apply(src, c.fixes)
		if string(out) != c.want || len(applied) != c.applied || len(applied)+len(skipped) != len(c.fixes) {
			t.Errorf("%s: %q, %d applied, %d skipped; want %q, %d applied", c.name, out, len(applied), len(skipped), c.want, c.applied)
		}
	}
	if string(src) != "abcdefghij" {
		t.Errorf("Apply changed its input: %q", src)
	}
	_, _, skipped := Apply(src, []Planned{planned(1, finding.Certain, edit(2, 5, "X")), planned(7, finding.Certain, edit(4, 4, "!"))})
	if len(skipped) != 1 || skipped[0].Finding.Span.Start.Line != 7 || !strings.Contains(skipped[0].Reason, "overlaps") {
		t.Errorf("skipped %+v", skipped)
	}
}

// The scan reads a byte-order mark as blanks; an insertion at the start of the file goes
// after the mark, which must stay first.
func TestApplyKeepsTheByteOrderMark(t *testing.T) {
	src := []byte("\xEF\xBB\xBFfn f() {}\n")
	out, applied, _ := Apply(src, []Planned{planned(1, finding.NeedsReview, edit(0, 0, "// c\n"))})
	if string(out) != "\xEF\xBB\xBF// c\nfn f() {}\n" || len(applied) != 1 {
		t.Errorf("got %q", out)
	}
	_, applied, _ = Apply(src, []Planned{planned(1, finding.Certain, edit(1, 4, ""))})
	if len(applied) != 0 {
		t.Error("an edit of the mark was applied")
	}
}

func TestChoose(t *testing.T) {
	certain := finding.Fix{Description: "c", Applicability: finding.Certain}
	review := finding.Fix{Description: "r", Applicability: finding.NeedsReview}
	allow := finding.Fix{Description: "a", Applicability: finding.NeedsReview, Suppress: true}
	f := func(fixes ...finding.Fix) *finding.Finding { return &finding.Finding{Fixes: fixes} }
	name := func(fx *finding.Fix) string {
		if fx == nil {
			return "-"
		}
		return fx.Description
	}
	cases := []struct {
		sel  Selection
		f    *finding.Finding
		want string
	}{
		{Selection{Certain: true}, f(certain, allow), "c"},
		{Selection{Certain: true}, f(review, allow), "-"},
		{Selection{Certain: true, NeedsReview: true}, f(review, allow), "r"},
		{Selection{NeedsReview: true}, f(certain, allow), "c"}, // review includes certain
		{Selection{Suppress: true}, f(certain, allow), "a"},
		{Selection{Certain: true, Suppress: true}, f(certain, allow), "c"},
		{Selection{Certain: true, Suppress: true}, f(review, allow), "a"},
		{Selection{Certain: true, NeedsReview: true, Suppress: true}, &finding.Finding{Suppressed: true, Fixes: []finding.Fix{certain}}, "-"},
		{Selection{}, f(certain, allow), "-"},
	}
	for i, c := range cases {
		if got := name(c.sel.Choose(c.f)); got != c.want {
			t.Errorf("case %d: %+v chose %s, want %s", i, c.sel, got, c.want)
		}
	}
}

func TestDiff(t *testing.T) {
	old := []byte("a\nb\nc\nd\ne\nf\ng\nh\n")
	new := []byte("a\nb\nc\nd\nE\nf\ng\nh\n")
	d, err := Diff("src/main.rs", old, new)
	if err != nil {
		t.Fatal(err)
	}
	want := "--- a/src/main.rs\n+++ b/src/main.rs\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n"
	if d != want {
		t.Errorf("got\n%s\nwant\n%s", d, want)
	}
	if d, _ := Diff("x", old, old); d != "" {
		t.Errorf("diff of equal files: %q", d)
	}
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "lib.rs")
	if err := os.WriteFile(path, []byte("old\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, Hash([]byte("old\n")), []byte("new\n")); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	st, _ := os.Stat(path)
	if string(got) != "new\n" || st.Mode().Perm() != 0o600 {
		t.Errorf("content %q, mode %v", got, st.Mode().Perm())
	}
	// The file changed since it was read: nothing is written.
	if err := WriteFile(path, Hash([]byte("old\n")), []byte("newer\n")); !errors.Is(err, ErrChanged) {
		t.Errorf("err = %v, want ErrChanged", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "new\n" {
		t.Errorf("content %q", got)
	}
	// A symbolic link stays a link; its target is rewritten.
	link := filepath.Join(dir, "link.rs")
	if err := os.Symlink(path, link); err != nil {
		t.Skip("no symbolic links here")
	}
	if err := WriteFile(link, Hash([]byte("new\n")), []byte("linked\n")); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced by a file")
	}
	if got, _ := os.ReadFile(path); string(got) != "linked\n" {
		t.Errorf("target content %q", got)
	}
	// No temporary file is left behind.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("files left: %v", entries)
	}
}
