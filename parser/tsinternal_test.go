package parser

// Guards for tsinternal.h, which restates tree-sitter's private structs for the direct walk
// (fastdump.c): the module versions it was written for, and its layout against theirs.

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// go.mod must name the tree-sitter versions tsinternal.h was restated from. After an upgrade,
// re-check tsinternal.h against the new headers (TestTSLayout does most of it, but not the
// meaning of the fields fastdump.c reads), then update the versions in fastdump.go.
func TestTreeSitterVersionsPinned(t *testing.T) {
	gomod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []struct{ path, want string }{
		{tsRuntimeModule, tsRuntimeVersion},
		{tsRustModule, tsRustVersion},
	} {
		req := regexp.MustCompile(`(?m)^[ \t]*(?:require[ \t]+)?` + regexp.QuoteMeta(m.path) + `[ \t]+(\S+)`).FindSubmatch(gomod)
		switch {
		case req == nil:
			t.Errorf("go.mod does not require %s: fastdump.go and tsinternal.h are written for %s %s", m.path, m.path, m.want)
		case string(req[1]) != m.want:
			t.Errorf("go.mod requires %s %s, but parser/tsinternal.h restates tree-sitter's private structs from %s: re-check tsinternal.h against the new version's headers (go test -run TestTSLayout ./parser compares the layouts), then set the version in parser/fastdump.go",
				m.path, req[1], m.want)
		}
		if regexp.MustCompile(`(?m)^[ \t]*(?:replace[ \t]+)?` + regexp.QuoteMeta(m.path) + `([ \t]+\S+)?[ \t]+=>`).Match(gomod) {
			t.Errorf("go.mod replaces %s: re-check parser/tsinternal.h against the replacement's headers", m.path)
		}
	}
}

// tsinternal.h and tsabi.h match the headers of the tree-sitter library and of the Rust
// grammar that are linked in: testdata/tslayout.c prints every restated field's offset,
// size, type (bits, for bit-fields) built against each, and the outputs must agree.
func TestTSLayout(t *testing.T) {
	runtimeDir := moduleDir(t, tsRuntimeModule)
	rustDir := moduleDir(t, tsRustModule)
	ours := layout(t, "tsinternal.h", "-I.")
	upstream := layout(t, tsRuntimeModule+" "+tsRuntimeVersion,
		"-DRA_UPSTREAM", "-D_DEFAULT_SOURCE", "-I"+filepath.Join(runtimeDir, "src"), "-I"+filepath.Join(runtimeDir, "include"))
	grammar := layout(t, tsRustModule+" "+tsRustVersion, "-DRA_GRAMMAR", "-I"+filepath.Join(rustDir, "src"))

	compare := func(theirs map[string]string, order []string, whose, header string) {
		for _, k := range order {
			if ours.m[k] != theirs[k] {
				t.Errorf("%s: tsinternal.h/tsabi.h have %s, %s has %s: update %s", k, ours.m[k], whose, theirs[k], header)
			}
		}
	}
	compare(upstream.m, ours.order, tsRuntimeModule, "tsinternal.h (or tsabi.h, for the API types)")
	if len(upstream.order) != len(ours.order) {
		t.Errorf("tslayout.c printed %d lines for tree-sitter, %d for tsinternal.h", len(upstream.order), len(ours.order))
	}
	compare(grammar.m, grammar.order, tsRustModule, "tsinternal.h's TSLanguageInternal")
	if len(grammar.order) < 20 {
		t.Errorf("tslayout.c printed only %d lines for the grammar's parser.h", len(grammar.order))
	}

	// The ABI: the library's newest must be the one whose TSLanguage is restated (the struct
	// is the library's; an older grammar ABI is refused at run time).
	api, err := os.ReadFile(filepath.Join(runtimeDir, "include", "tree_sitter", "api.h"))
	if err != nil {
		t.Fatal(err)
	}
	if m := regexp.MustCompile(`#define TREE_SITTER_LANGUAGE_VERSION (\d+)`).FindSubmatch(api); m == nil {
		t.Errorf("no TREE_SITTER_LANGUAGE_VERSION in %s's api.h", tsRuntimeModule)
	} else if string(m[1]) != strconv.Itoa(tsLanguageABI) {
		t.Errorf("%s has language ABI %s, tsinternal.h restates TSLanguage of ABI %d: update tsinternal.h and RA_TS_LANGUAGE_ABI", tsRuntimeModule, m[1], tsLanguageABI)
	}
}

type layoutLines struct {
	m     map[string]string // name -> what tslayout.c printed for it
	order []string
}

// layout builds and runs testdata/tslayout.c with the C compiler cgo uses.
func layout(t *testing.T, what string, flags ...string) layoutLines {
	t.Helper()
	cc := strings.Fields(goEnv(t, "CC"))
	if len(cc) == 0 {
		cc = []string{"cc"}
	}
	bin := filepath.Join(t.TempDir(), "tslayout")
	args := append(cc[1:], "-std=c11", "-D_POSIX_C_SOURCE=200112L")
	args = append(args, flags...)
	args = append(args, "-o", bin, filepath.Join("testdata", "tslayout.c"))
	if out, err := exec.Command(cc[0], args...).CombinedOutput(); err != nil {
		t.Fatalf("building testdata/tslayout.c against %s failed (a field tsinternal.h or tsabi.h names is gone or renamed: re-check them): %v\n%s", what, err, out)
	}
	out, err := exec.Command(bin).Output()
	if err != nil {
		t.Fatalf("tslayout (%s): %v", what, err)
	}
	l := layoutLines{m: map[string]string{}}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		name, rest, _ := strings.Cut(line, " ")
		if strings.Contains(name, "=") { // a constant: name=value
			name, rest, _ = strings.Cut(line, "=")
		}
		l.m[name] = rest
		l.order = append(l.order, name)
	}
	return l
}

// moduleDir is where the go command keeps module path at the version go.mod selects.
func moduleDir(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-json", path).Output()
	if err != nil {
		t.Fatalf("go list -m %s: %v", path, err)
	}
	var m struct {
		Dir     string
		Replace *struct{ Dir string }
	}
	if err := json.NewDecoder(bytes.NewReader(out)).Decode(&m); err != nil {
		t.Fatal(err)
	}
	if m.Replace != nil && m.Replace.Dir != "" {
		m.Dir = m.Replace.Dir
	}
	if m.Dir == "" {
		t.Fatalf("%s is not in the module cache (go mod download %s)", path, path)
	}
	return m.Dir
}

func goEnv(t *testing.T, name string) string {
	t.Helper()
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		t.Fatalf("go env %s: %v", name, err)
	}
	return strings.TrimSpace(string(out))
}
