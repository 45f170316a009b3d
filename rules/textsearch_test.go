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
