package rules

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"
)

// containsWord must answer as bytes.Contains does, whatever the word's rarest byte.
func TestContainsWord(t *testing.T) {
	words := []string{"", "t", "tokio::", "async_std::", "impl Wake for", "Waker::noop", "ee", "aXa", "XX", "é", "\n\n", "V", "Va"}
	pieces := []string{"t", "o", "k", "tokio", "::", "tokio:", "async_std", ":", "X", "a", "e", "V", " ", "\n", "é", "impl Wake", " for", "Waker::", "noop"}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for k := rng.Intn(10); k >= 0; k-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		src := []byte(b.String())
		for _, w := range words {
			if got, want := containsWord(src, w), bytes.Contains(src, []byte(w)); got != want {
				t.Fatalf("containsWord(%q, %q) = %v, want %v", src, w, got, want)
			}
		}
	}
}

// joinFields answers what strings.Join(strings.Fields(s), sep) answers.
func TestJoinFields(t *testing.T) {
	for _, s := range []string{"", " ", "a", "a b", " a", "a ", "a\tb", "a\nb", "a\vb", "a\fb", "a\rb", "Vec<A, B>",
		"std::sync::Mutex", "a\u0085b", "a\u00a0b", "é", "a\u2003b", "#[cfg(test)]", "#[ cfg(test) ]"} {
		for _, sep := range []string{"", " "} {
			if got, want := joinFields(s, sep), strings.Join(strings.Fields(s), sep); got != want {
				t.Errorf("joinFields(%q, %q) = %q, want %q", s, sep, got, want)
			}
		}
	}
}
