package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rustaudit/rustaudit/finding"
)

// selCrateFindings runs rule r over a fixture crate (a sub-folder) and returns its findings
// in lib.rs, keyed by the text of the line they start on.
func selCrateFindings(t *testing.T, r *Rule, crate string) map[string]finding.Finding {
	t.Helper()
	dir := filepath.Join("..", "testdata", "rules", r.ID, crate)
	src, err := os.ReadFile(filepath.Join(dir, "lib.rs"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	out := map[string]finding.Finding{}
	for _, f := range runFixture(t, r, dir, fixtureFiles(dir)) {
		if filepath.Base(f.Path) != "lib.rs" {
			continue
		}
		line := strings.TrimSpace(strings.Split(lines[f.Span.Start.Line-1], "// want")[0])
		out[line] = f
	}
	return out
}

// TestSelectHelperChains checks that a finding on a call of the crate's fn names the chain
// down to the operation in its message, and walks it in its notes with each fn's place.
func TestSelectHelperChains(t *testing.T) {
	cases := []struct {
		rule          *Rule
		line          string
		level         Level
		message       []string
		notes         []string // each must appear in some note, in this order
		helpContains  string
		messageAbsent string
	}{
		{SelectTimerInLoop, "_ = hb.beat(&mut count) => send_ping(),", LevelWarning,
			[]string{"`hb.beat(&mut count)` creates a new timer", "`Heartbeat::beat` → `Heartbeat::wait` awaits a new `sleep(self.period)`"},
			[]string{"`Heartbeat::beat` (timers.rs:23) awaits `self.wait()`", "`Heartbeat::wait` (timers.rs:18) awaits a new `sleep(self.period)` (line 19)"},
			"Pin<&mut Sleep>", ""},
		{SelectTimerInLoop, "_ = pause(attempt) => { attempt += 1; send_ping(); }", LevelWarning,
			[]string{"`pause` → `retry_delay` → `backoff` returns a new `sleep(d)`"},
			[]string{"`pause` (timers.rs:86) awaits `retry_delay(attempt)`", "`retry_delay` (timers.rs:82) returns the timer of", "`backoff` (timers.rs:78) returns a new `sleep(d)`"},
			"reset", ""},
		{SelectTimerInLoop, "frame = reader.next_frame() => {", LevelNote,
			[]string{"starts a new timeout", "`Reader::next_frame` awaits a new `timeout(KEEPALIVE, self.rx.recv())`"},
			[]string{"`Reader::next_frame` (conn.rs:14)", "per-operation or idle timeout"},
			"", ""},
		{SelectCancelUnsafe, "frame = conn.next_frame() => { let _ = frame; }", LevelWarning,
			[]string{"`conn.next_frame()` is not cancellation safe", "`Conn::next_frame` → `Conn::read_frame` → `read_message` awaits `reader.read_exact(&mut len)`", "already read"},
			[]string{"`Conn::next_frame` (conn.rs:20) awaits `self.read_frame()`", "`Conn::read_frame` (conn.rs:15) awaits `read_message(&mut self.stream)`", "`read_message` (proto.rs:8) awaits `reader.read_exact(&mut len)` (line 10)"},
			"make `read_message` cancellation safe", ""},
		{SelectCancelUnsafe, "_ = conn.record(1) => {}", LevelNote,
			[]string{"waits in a fair queue", "`Conn::record` awaits `self.state.lock()`"},
			[]string{"`Conn::record` (conn.rs:29)"},
			"take the lock before", "not cancellation safe"},
	}
	byRule := map[string]map[string]finding.Finding{}
	for _, c := range cases {
		if byRule[c.rule.ID] == nil {
			byRule[c.rule.ID] = selCrateFindings(t, c.rule, "helpers")
		}
		f, ok := byRule[c.rule.ID][c.line]
		if !ok {
			t.Errorf("%s: no finding on `%s`", c.rule.ID, c.line)
			continue
		}
		if f.Level != c.level {
			t.Errorf("`%s`: level %v, want %v", c.line, f.Level, c.level)
		}
		for _, w := range c.message {
			if !strings.Contains(f.Message, w) {
				t.Errorf("`%s`: message %q does not contain %q", c.line, f.Message, w)
			}
		}
		if c.messageAbsent != "" && strings.Contains(f.Message, c.messageAbsent) {
			t.Errorf("`%s`: message %q contains %q", c.line, f.Message, c.messageAbsent)
		}
		i := 0
		for _, n := range f.Notes {
			if i < len(c.notes) && strings.Contains(n, c.notes[i]) {
				i++
			}
		}
		if i < len(c.notes) {
			t.Errorf("`%s`: notes %q lack %q (in order)", c.line, f.Notes, c.notes[i])
		}
		if !strings.Contains(f.Help, c.helpContains) {
			t.Errorf("`%s`: help %q does not contain %q", c.line, f.Help, c.helpContains)
		}
	}
}
