package rules

import (
	"strings"
	"testing"
)

// TestPollAfterReadySelectMessages checks that the select! message names how the future at
// hand fails when polled again, as far as its origin shows.
func TestPollAfterReadySelectMessages(t *testing.T) {
	got := findingsByLine(t, PollAfterReady, "select_loop.rs")
	cases := []struct{ line, want string }{
		{`r = &mut resize => println!("resize task ended: {r:?}"),`, `"JoinHandle polled after completion"`},
		{`_ = &mut done => println!("done"),`, `"called after complete"`},
		{`_ = &mut stop => {`, `"called after complete"`},
		{`v = &mut job => println!("{v}"),`, "an `async fn`'s future"},
	}
	for _, c := range cases {
		f, ok := got[c.line]
		if !ok {
			t.Errorf("no finding on %q", c.line)
			continue
		}
		if !strings.Contains(f.Message, c.want) {
			t.Errorf("%q: message %q lacks %q", c.line, f.Message, c.want)
		}
	}
}
