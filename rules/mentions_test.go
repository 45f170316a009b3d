package rules

import (
	"testing"

	"github.com/rustaudit/rustaudit/parser"
)

// MentionsAfter answers what Mentions(prefix+word) answers.
func TestMentionsAfter(t *testing.T) {
	src := "async fn serve() {}\nfn r#async() {}\n// async fn handler_v2 in a comment\nasync fn\nx\nasync fn "
	tree, pass := mentionsPass(t, src)
	for _, w := range []string{"serve", "ser", "serves", "handler_v2", "handler", "x", "", "r#async", "main"} {
		want := (&Pass{Tree: tree, file: &fileMemo{}}).Mentions("async fn " + w)
		if got := pass.MentionsAfter("async fn ", w); got != want {
			t.Errorf("MentionsAfter(%q) = %v, Mentions says %v", w, got, want)
		}
	}
	if !pass.MentionsAfter("async fn ", "serve") || pass.MentionsAfter("async fn ", "main") {
		t.Error("MentionsAfter does not find what the source holds")
	}
}

// With many occurrences of the prefix, MentionsAfter searches sorted runs: the same answers.
func TestMentionsAfterMany(t *testing.T) {
	src := "async fn serve() {}\nfn r#async() {}\n// async fn handler_v2 in a comment\nasync fn\nx\n"
	for _, n := range []string{"a", "ab", "abc", "b_1", "zz", "Z9", "serve_all", "é", "a2", "m"} {
		src += "async fn " + n + "(x: u8) {}\n"
	}
	src += "async fn "
	tree, pass := mentionsPass(t, src)
	words := []string{"serve", "ser", "serves", "serve_", "serve_all", "serve_alls", "handler_v2", "handler", "x", "", "r#async",
		"main", "a", "ab", "abc", "abcd", "b", "b_1", "b_2", "z", "zz", "zzz", "Z", "Z9", "0", "é", "a2", "m", "n", "A", "_"}
	for _, w := range words {
		want := (&Pass{Tree: tree, file: &fileMemo{}}).Mentions("async fn " + w)
		if got := pass.MentionsAfter("async fn ", w); got != want {
			t.Errorf("MentionsAfter(%q) = %v, Mentions says %v", w, got, want)
		}
	}
}

// mentionsPass parses src and returns its tree and a pass over it.
func mentionsPass(t *testing.T, src string) (*parser.Tree, *Pass) {
	t.Helper()
	p := parser.NewParser()
	t.Cleanup(p.Close)
	tree, err := p.Parse("m.rs", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return tree, &Pass{Tree: tree, file: &fileMemo{}}
}
