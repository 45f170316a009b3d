package rules

import (
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The regexps modWords and macroArgs stand for; the scanners must find exactly what they do.
var (
	modWordRE  = regexp.MustCompile(`\bmod\s+(?:r#)?([A-Za-z_][A-Za-z0-9_]*)`)
	rsStringRE = regexp.MustCompile(`"([^"\n]*\.rs)"`)
	macroArgRE = regexp.MustCompile(`[A-Za-z0-9_]!\s*[(\[{]\s*(?:pub(?:\s*\([^)]*\))?\s+)?(?:r#)?([A-Za-z_][A-Za-z0-9_]*)`)
)

func regexpWords(re *regexp.Regexp, src []byte) []string {
	var out []string
	for _, w := range re.FindAllSubmatch(src, -1) {
		out = append(out, string(w[1]))
	}
	return out
}

func checkScanners(t *testing.T, what string, src []byte) {
	t.Helper()
	if got, want := modWords(src), regexpWords(modWordRE, src); !slices.Equal(got, want) {
		t.Errorf("%s: modWords = %q, the regexp finds %q", what, got, want)
	}
	if got, want := macroArgs(src), regexpWords(macroArgRE, src); !slices.Equal(got, want) {
		t.Errorf("%s: macroArgs = %q, the regexp finds %q", what, got, want)
	}
	if got, want := rsStrings(src), regexpWords(rsStringRE, src); !slices.Equal(got, want) {
		t.Errorf("%s: rsStrings = %q, the regexp finds %q", what, got, want)
	}
}

func TestModuleWordScanners(t *testing.T) {
	for _, src := range []string{
		"mod a; pub mod r#b; mod\n\tc {}", "xmod a", "mod", "mod ", "mod 9", "mod r#", "mod r#9x",
		"m!(x)", "m!(x!(y))", "m! [ pub(crate) z ]", "m!{pub q}", "m!(pub )", "m!(pub(crate))", "m!(pub(crate)x)",
		"m!(pub(in a::b)\n y)", `"a.rs"`, `"a.rs""b.rs"`, `"x" "a.rs"`, `"a\n.rs" "b.rs"`, `".rs"`, `"a.rs`, `""`, `"é.rs"`, "\"\xff.rs\"", "!(x)", "a!!(x)", "m!(r#x)", "m!(r#)", "m!(pubx)", "m!( pub\ty )", "m!(pub (c) y)",
	} {
		checkScanners(t, src, []byte(src))
	}
	// Every Rust file of the repository's testdata.
	n := 0
	filepath.WalkDir(filepath.Join("..", "testdata"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".rs") {
			src, _ := os.ReadFile(path)
			checkScanners(t, path, src)
			n++
		}
		return nil
	})
	if n < 100 {
		t.Errorf("only %d testdata files", n)
	}
	// Random token soups, where the corner cases meet.
	tokens := []string{"mod", "mod ", " ", "\n", "\t", "r#", "pub", "pub(crate)", "(", ")", "[", "]", "{", "!", "a", "_x", "9", "m!", "x!(", "(pub ", "é", "\"", ".rs", "a.rs\"", "\\"}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for k := rng.Intn(12); k >= 0; k-- {
			b.WriteString(tokens[rng.Intn(len(tokens))])
		}
		checkScanners(t, "random", []byte(b.String()))
		if t.Failed() {
			break
		}
	}
}
