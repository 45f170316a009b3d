package knowledge

import (
	"fmt"
	"testing"
)

// TestSources checks that every entry says where its knowledge comes from and that no table
// lists the same thing twice.
func TestSources(t *testing.T) {
	seen := map[string]bool{}
	check := func(table, key, source string) {
		if source == "" {
			t.Errorf("%s %s: no Source", table, key)
		}
		if seen[table+" "+key] {
			t.Errorf("%s %s: listed twice", table, key)
		}
		seen[table+" "+key] = true
	}
	for _, e := range Timers {
		check("Timers", e.Path, e.Source)
	}
	for _, e := range CancelSafetyTable {
		check("CancelSafetyTable", fmt.Sprint(e.Names, e.Args, e.Of), e.Source)
	}
	for _, e := range LockTypes {
		check("LockTypes", e.Path, e.Source)
		if e.Flavor == 0 {
			t.Errorf("LockTypes %s: no Flavor", e.Path)
		}
	}
	for name, tbl := range map[string][]Named{"DivergingMacros": DivergingMacros, "ReturningMacros": ReturningMacros,
		"SuspendingMacros": SuspendingMacros, "DivergingCalls": DivergingCalls,
		"AsyncLockModules": AsyncLockModules} {
		for _, e := range tbl {
			check(name, e.Name, e.Source)
		}
	}
	for _, e := range Spawns {
		check("Spawns", e.Path, e.Source)
	}
	for _, e := range BlockOnCrates {
		check("BlockOnCrates", e.Crate, e.Source)
	}
	for _, e := range FrameworkPolled {
		check("FrameworkPolled", e.Trait+"."+e.Method, e.Source)
	}
	for _, e := range LockMethods {
		check("LockMethods", e.Name, e.Source)
		if e.Access == 0 {
			t.Errorf("LockMethods %s: no Access", e.Name)
		}
		if e.Like != "" {
			if l, ok := LockMethodNamed(e.Like); !ok || l.Like != "" {
				t.Errorf("LockMethods %s: Like %q is not a plain lock method", e.Name, e.Like)
			}
		}
	}
	for _, g := range SyntaxWords {
		check("SyntaxWords", fmt.Sprint(g.Words), g.Why)
	}
}

func TestTriggerWord(t *testing.T) {
	for path, want := range map[string]string{
		"tokio::time::sleep":        "sleep",
		"futures_timer::Delay::new": "Delay",
		"std::sync::Mutex":          "Mutex",
		"read_exact":                "read_exact",
	} {
		if got := TriggerWord(path); got != want {
			t.Errorf("TriggerWord(%q) = %q, want %q", path, got, want)
		}
	}
}
