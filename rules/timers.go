package rules

import "github.com/rustaudit/rustaudit/knowledge"

// Timer constructors of the async runtimes, as data: which calls make a timer and how it
// behaves. Rules ask this table rather than keep their own list.

// timerKind says how a timer constructor behaves: whether its argument is a duration
// (measured from the moment the timer is created) or an absolute deadline, and whether the
// future also completes when a wrapped future does (timeout) or only when the timer fires.
type timerKind struct {
	deadline bool // first argument is an Instant: re-creating it with the same value does not restart it
	wraps    bool // timeout(d, fut): completes when fut does, too
}

// timerConstructors maps the full paths of timer constructors to their kind: what
// select_timer_in_loop, poll_after_ready and the select summaries know of timers. The table
// is knowledge.Timers.
var timerConstructors = timerTable()

func timerTable() map[string]timerKind {
	m := make(map[string]timerKind, len(knowledge.Timers))
	for _, t := range knowledge.Timers {
		m[t.Path] = timerKind{deadline: t.Deadline, wraps: t.Wraps}
	}
	return m
}
