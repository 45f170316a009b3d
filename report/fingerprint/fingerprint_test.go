package fingerprint

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
)

// upstream holds the inputs and expected hashes of the "hash" test in github/codeql-action's
// src/fingerprints.test.ts, the reference implementation.
var upstream = []struct {
	input string
	want  []string
}{
	{"", []string{"c129715d7a2bc9a3:1"}},
	{" a\nb\n  \t\tc\n d", []string{
		"271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1",
	}},
	{" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End", []string{
		"8b7cf3e952e7aeb2:1", "b1ae1287ec4718d9:1", "bff680108adb0fcc:1", "c6805c5e1288b612:1",
		"b86d3392aea1be30:1", "e6ceba753e1a442:1",
	}},
	{" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n", greetings},
	{" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r", greetings},
	{" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n", greetings},
	{" hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n", greetings},
	{strings.Repeat("Lorem ipsum dolor sit amet.\n", 10), []string{
		"a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3", "a7f2ff13bc495cf2:4",
		"a7f2ff13bc495cf2:5", "a7f2ff13bc495cf2:6", "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1",
		"55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1",
	}},
	{"x = 2\nx = 1\nprint(x)\nx = 3\nprint(x)\nx = 4\nprint(x)\n", []string{
		"e54938cc54b302f1:1", "bb609acbe9138d60:1", "1131fd5871777f34:1", "5c482a0f8b35ea28:1",
		"54517377da7028d2:1", "2c644846cb18d53e:1", "f1b89f20de0d133:1", "c129715d7a2bc9a3:1",
	}},
}

var greetings = []string{
	"e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1",
	"b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1",
}

func TestUpstreamVectors(t *testing.T) {
	for _, c := range upstream {
		if got := LineHashes([]byte(c.input)); !slices.Equal(got, c.want) {
			t.Errorf("LineHashes(%q)\n got %q\nwant %q", c.input, got, c.want)
		}
	}
}

// TestGeneratedVectors checks inputs of our own (Rust code, CRLF, tabs, astral characters,
// long lines, more than 100 lines, invalid UTF-8, a BOM) against hashes computed by
// codeql-action's hash function itself, run with Node.js (see testdata/README.md).
func TestGeneratedVectors(t *testing.T) {
	data, err := os.ReadFile("testdata/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var vectors []struct {
		Name   string
		Input  string
		Hashes []string
	}
	if err := json.Unmarshal(data, &vectors); err != nil {
		t.Fatal(err)
	}
	if len(vectors) < 20 {
		t.Fatalf("only %d vectors", len(vectors))
	}
	for _, v := range vectors {
		src, err := base64.StdEncoding.DecodeString(v.Input)
		if err != nil {
			t.Fatal(err)
		}
		got := LineHashes(src)
		if !slices.Equal(got, v.Hashes) {
			t.Errorf("%s: LineHashes(%q)\n got %q\nwant %q", v.Name, src, got, v.Hashes)
		}
	}
}

// Of gives each line asked for what LineHashes gives it, in the order asked, hashing only as
// far as needed: the repeated Lorem lines keep their counts, the lines near the end of the
// file their padding, and a line past the end gets "".
func TestOf(t *testing.T) {
	for _, c := range upstream {
		src := []byte(c.input)
		all := LineHashes(src)
		for i := range all {
			if got := Of(src, []int{i}); got[0] != all[i] {
				t.Errorf("Of(%q, [%d]) = %q, want %q", c.input, i, got[0], all[i])
			}
		}
		n := len(all)
		want := []string{all[n-1], "", all[0], all[n/2], all[0]}
		if got := Of(src, []int{n - 1, n, 0, n / 2, 0}); !slices.Equal(got, want) {
			t.Errorf("Of(%q, [%d %d 0 %d 0]) = %q, want %q", c.input, n-1, n, n/2, got, want)
		}
	}
	if got := Of([]byte("a\nb\n"), nil); len(got) != 0 {
		t.Errorf("Of(src, nil) = %q, want nothing", got)
	}
}

func TestLineCount(t *testing.T) {
	for src, n := range map[string]int{"": 1, "a": 1, "a\n": 2, "a\r\nb": 2, "a\rb\r": 3, "\n\n": 3} {
		if got := len(LineHashes([]byte(src))); got != n {
			t.Errorf("len(LineHashes(%q)) = %d, want %d", src, got, n)
		}
	}
}

func TestInvalidLen(t *testing.T) {
	for in, want := range map[string]int{
		"\xe2\x82A": 2, "\xffA": 1, "\xc0\x80": 1, "\xed\xa0\x80": 1, "\xf4\x90": 1,
		"\xf0\x9f\x98": 3, "\xf0\x9f\x98A": 3, "\x80": 1, "\xe0\x80": 1, "\xe0\xa0A": 2, "\xc3": 1,
	} {
		if got := invalidLen([]byte(in)); got != want {
			t.Errorf("invalidLen(%q) = %d, want %d", in, got, want)
		}
	}
}

func BenchmarkLineHashes(b *testing.B) {
	line := "        let value = tokio::time::timeout(Duration::from_secs(5), rx.recv()).await?; // é\n"
	src := []byte(strings.Repeat(line, 10000))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		LineHashes(src)
	}
}

// BenchmarkOf prices what the engine does for a file with three findings, the last one in
// the middle of the file.
func BenchmarkOf(b *testing.B) {
	line := "        let value = tokio::time::timeout(Duration::from_secs(5), rx.recv()).await?; // é\n"
	src := []byte(strings.Repeat(line, 10000))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		Of(src, []int{10, 2000, 5000})
	}
}
