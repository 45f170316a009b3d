package knowledge

import "strings"

// Scope says where a trigger word makes a macro body worth parsing.
type Scope int

const (
	// Anywhere: rules look for the word in any code (items, spawns, poll functions ...).
	Anywhere Scope = iota
	// AsyncOnly: only rules about async code and poll functions look for the word (blocking
	// calls, locks held across `.await`, cancel safety, timers): a macro outside such code
	// needs none of them.
	AsyncOnly
)

// Word is a token whose presence in a macro body makes the body worth re-parsing.
type Word struct {
	Text  string
	Scope Scope
	Table string // the table it comes from, for tests and messages
}

// MacroWords returns the trigger words of every table: the tokens that the built-in rules
// look for inside macro bodies. A word listed by several tables with different scopes counts
// as Anywhere (see the parser's use of it).
func MacroWords() []Word {
	var out []Word
	add := func(table string, s Scope, words ...string) {
		for _, w := range words {
			out = append(out, Word{Text: w, Scope: s, Table: table})
		}
	}
	for _, t := range Timers {
		add("Timers", AsyncOnly, TriggerWord(t.Path))
	}
	for _, e := range CancelSafetyTable {
		if e.Safety == CancelSafe {
			continue // a safe row only quiets select_cancel_unsafe
		}
		for _, n := range e.Names {
			add("CancelSafetyTable", AsyncOnly, TriggerWord(n))
		}
	}
	for _, lt := range LockTypes {
		if lt.Flavor == LockSync || lt.Flavor == LockStd || lt.Flavor == LockCell {
			add("LockTypes", AsyncOnly, TriggerWord(lt.Path)) // a guard of one held across .await
		}
	}
	for _, m := range LockMethods {
		add("LockMethods", AsyncOnly, m.Name) // a guard taken in a macro, held across .await
	}
	// A select!, join! or try_join! nested in another macro's body: what the select rules
	// look at. (Diverging and returning macros only shape the graph of a body already
	// parsed: they make none worth parsing.)
	for _, m := range SuspendingMacros {
		add("SuspendingMacros", Anywhere, m.Name)
	}
	for _, sp := range Spawns {
		add("Spawns", Anywhere, lastSegment(sp.Path)) // `handle.spawn(..)` shows the method's name
	}
	for _, g := range SyntaxWords {
		add("SyntaxWords", g.Scope, g.Words...)
	}
	return out
}

// TriggerWord returns the token that shows a call of the function at path in a macro body:
// its last segment, or for an associated function of a type (`futures_timer::Delay::new`,
// `smol::Timer::after`) the type's name, since `new` or `after` says nothing.
func TriggerWord(path string) string {
	segs := strings.Split(path, "::")
	last := segs[len(segs)-1]
	if len(segs) >= 2 {
		if ty := segs[len(segs)-2]; ty != "" && ty[0] >= 'A' && ty[0] <= 'Z' {
			return ty
		}
	}
	return last
}

func lastSegment(path string) string {
	return path[strings.LastIndex(path, "::")+len("::"):]
}

// WordGroup is a group of SyntaxWords with what looks for them.
type WordGroup struct {
	Words []string
	Scope Scope
	Why   string // which rules or analyses look for these words
}

// SyntaxWords are the tokens rules look for that are Rust syntax or std names rather than an
// entry of one of the API tables. Source: the rules themselves (each group says which).
var SyntaxWords = []WordGroup{
	{Why: "items (cfg_if!, cfg_rt! { .. }, a crate's own item macros): crate facts, nested async fns",
		Words: []string{"fn", "impl", "struct", "enum", "const", "static", "mod", "trait"}},
	{Why: "statements and loops: locals tracked across .await, select loops",
		Scope: AsyncOnly, Words: []string{"let", "loop", "while", "for"}},
	{Why: "async code and its tasks: detached_task, poll_after_ready, select rules",
		Words: []string{"await", "async", "spawn_blocking",
			"pin", "ready", "pending", "JoinHandle"}},
	{Why: "runtimes and blocking entry points: blocking_in_async",
		Scope: AsyncOnly, Words: []string{"Runtime", "Handle", "Builder", "abort", "block_in_place", "block_on"}},
	{Why: "intervals (timers are in Timers): select_timer_in_loop, poll_after_ready",
		Scope: AsyncOnly, Words: []string{"interval", "tick"}},
	{Why: "polling: pending_without_waker, poll_after_ready, unchecked_pin_projection",
		Words: []string{"cx", "Context", "Pending", "Ready", "Poll", "poll", "poll_next", "poll_fn", "poll_unpin",
			"waker", "wake", "wake_by_ref", "register", "Pin", "Unpin", "new_unchecked",
			"get_unchecked_mut", "map_unchecked_mut", "map_unchecked"}},
	{Why: "pinned and moved values: poll_after_ready, large_future_capture",
		Scope: AsyncOnly, Words: []string{"set", "take"}},
	{Why: "dropping guards (lock types and methods are in LockTypes and LockMethods): lock_across_await, lock_twice",
		Scope: AsyncOnly, Words: []string{"drop"}},
	{Why: "channels: unbounded_channel",
		Words: []string{"unbounded", "unbounded_channel"}},
	{Why: "channels and streams awaited in loops: select rules, poll_after_ready",
		Scope: AsyncOnly, Words: []string{"recv", "recv_many", "send", "feed", "changed", "accept", "next", "acquire", "notified",
			"cancelled", "closed"}},
	{Why: "blocking calls: blocking_in_async",
		Scope: AsyncOnly, Words: []string{"fs", "File", "OpenOptions", "thread", "Command", "output", "status", "stdin",
			"read_line", "to_socket_addrs", "connect", "blocking", "blocking_lock", "blocking_lock_owned",
			"blocking_recv", "blocking_recv_many", "blocking_send", "blocking_read", "blocking_write", "park"}},
}
