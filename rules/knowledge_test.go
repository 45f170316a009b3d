package rules

import (
	"sort"
	"strings"
	"testing"

	"github.com/rustaudit/rustaudit/knowledge"
	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules/cfg"
)

// TestMacroWordsCoverRules fails when a word that a rule looks for is missing from the
// macro word set derived from the knowledge base (parser.MatterWords, plus the words rules
// declare in MacroWords): a macro body holding only that word would stay tokens, and the
// rule would never see the call inside it. Add the entry to its knowledge table (or, for a
// word of Rust syntax, to knowledge.SyntaxWords) rather than to the parser.
func TestMacroWordsCoverRules(t *testing.T) {
	words := NewEngine(All, nil).MacroWords()
	need := map[string][]string{} // word -> what needs it
	want := func(why, w string) { need[w] = append(need[w], why) }
	for _, r := range All {
		if r.Local != nil {
			for _, w := range r.Local.Needs {
				want(r.ID+" Needs", w)
			}
		}
		for _, w := range r.MacroWords {
			want(r.ID+" MacroWords", w)
		}
	}
	for path := range timerConstructors {
		want("timerConstructors "+path, knowledge.TriggerWord(path))
	}
	for _, w := range cancelTimeouts {
		want("cancelTimeouts "+w, knowledge.TriggerWord(w))
	}
	for _, e := range cancelSafetyTable {
		if e.Safety != cancelSafe {
			for _, n := range e.Names {
				want("cancelSafetyTable "+n, knowledge.TriggerWord(n))
			}
		}
	}
	for path, f := range lockTypeFlavors {
		if f == flavorStd || f == flavorSync || f == flavorCell {
			want("lockTypeFlavors "+path, knowledge.TriggerWord(path))
		}
	}
	for _, path := range append(dtSpawnFns, dtSpawnMethods...) {
		want("detached_task spawns", LastSegment(path))
	}
	for m := range ltMethods {
		want("lock_twice ltMethods", m)
	}
	for m := range cfg.SuspendingMacros {
		want("cfg.SuspendingMacros", m)
	}
	var missing []string
	for w, whys := range need {
		if !words[w] {
			sort.Strings(whys)
			missing = append(missing, w+" ("+strings.Join(whys, ", ")+")")
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("trigger word missing from the macro word set: %s", m)
	}
}

// TestMacroWordsScope checks that the words rules look for outside async code are wanted
// anywhere, not only in async code: a spawn, a select! or a poll function's `Pending` in a
// macro of a sync fn or an impl block.
func TestMacroWordsScope(t *testing.T) {
	anywhere := map[string]bool{}
	for _, w := range knowledge.MacroWords() {
		if w.Text == "" || strings.Contains(w.Text, "::") {
			t.Errorf("table %s gives a trigger word %q that no token can be", w.Table, w.Text)
		}
		if w.Scope == knowledge.Anywhere {
			anywhere[w.Text] = true
		}
	}
	for _, w := range []string{"spawn", "select", "join", "poll", "Pending", "Poll", "fn", "impl", "unbounded_channel"} {
		if !anywhere[w] || !parser.MatterWords[w] {
			t.Errorf("%q is not a macro word wanted anywhere", w)
		}
	}
}
