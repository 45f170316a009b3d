package rules

import (
	"strings"
	"unicode"

	"github.com/rustaudit/rustaudit/parser"
)

// Shutdown and cancellation signals, as select! branches and loops wait for them: the
// vocabulary that select_unbiased_priority, select_cancel_unsafe and detached_task share.

// shutdownWords name shutdown and cancellation signals. They are matched against whole
// words of identifiers (`shutdown_rx`, `stopSignal`, `self.cancel`), never substrings.
var shutdownWords = map[string]bool{
	"shutdown": true, "stop": true, "stopped": true, "stopping": true,
	"quit": true, "terminate": true, "terminated": true, "termination": true,
	"cancel": true, "cancelled": true, "canceled": true, "cancellation": true,
	"close": true, "closed": true, "closing": true,
	"kill": true, "killed": true, "exit": true, "halt": true, "abort": true, "aborted": true,
	"sigterm": true, "sigint": true, "sigquit": true,
}

// imperativeMethods perform the shutdown rather than wait for one: `stream.shutdown()` is
// AsyncWriteExt's, `conn.close()` closes a connection.
var imperativeMethods = map[string]bool{
	"shutdown": true, "stop": true, "quit": true, "terminate": true, "cancel": true,
	"close": true, "kill": true, "exit": true, "halt": true, "abort": true,
}

// shutdownByName is how shutdownSignal describes a future it judged by its names alone.
const shutdownByName = "looks like a shutdown signal"

// shutdownSignal reports whether a select! future waits for shutdown or cancellation, and
// describes it.
func shutdownSignal(t *parser.Tree, fut parser.NodeID) (string, bool) {
	core := StripFuture(t, false, fut)
	if core < 0 {
		return "", false
	}
	// Methods along the chain: `token.cancelled()`, `self.shutdown.changed()`.
	final := true
	for n := core; n >= 0; {
		n = t.Unparen(n)
		switch t.Kind(n) {
		case parser.KCallExpression:
			if name := MethodName(t, n); name != "" {
				if name == "cancelled" || name == "cancelled_owned" {
					return "waits for cancellation", true
				}
				if hasShutdownWord(name) && !(final && imperativeMethods[name]) {
					return shutdownByName, true
				}
				if isTerminationSignalKind(t, n) {
					return "waits for a termination signal", true
				}
				final = false
				n = Receiver(t, n)
				continue
			}
			if isTerminationSignalKind(t, n) {
				return "waits for a termination signal", true
			}
			path := CalleePath(t, n)
			if path == "" {
				return "", false
			}
			if PathIs(path, "tokio::signal::ctrl_c") || path == "ctrl_c" {
				return "waits for Ctrl-C", true
			}
			// `shutdown_signal()`, `wait_for_stop(&state)`, `Shutdown::wait()`.
			for _, seg := range strings.Split(path, "::") {
				if hasShutdownWord(seg) {
					return shutdownByName, true
				}
			}
			return "", false
		case parser.KFieldExpression:
			if hasShutdownWord(t.Text(t.Field(n, parser.FField))) {
				return shutdownByName, true
			}
			n = t.Field(n, parser.FValue)
		case parser.KIdentifier:
			if strings.Contains(strings.ToLower(strings.ReplaceAll(t.Text(n), "_", "")), "ctrlc") {
				return "waits for Ctrl-C", true
			}
			if hasShutdownWord(t.Text(n)) {
				return shutdownByName, true
			}
			return "", false
		case parser.KReferenceExpression, parser.KUnaryExpression, parser.KTryExpression:
			kids := t.NamedChildren(n)
			if len(kids) == 0 {
				return "", false
			}
			n = kids[len(kids)-1]
		default:
			return "", false
		}
	}
	return "", false
}

// isTerminationSignalKind reports whether a call takes `SignalKind::terminate()`,
// `interrupt()` or `quit()` as an argument: `signal(SignalKind::terminate())`.
func isTerminationSignalKind(t *parser.Tree, call parser.NodeID) bool {
	for _, a := range Args(t, call) {
		if !t.Is(a, parser.KCallExpression) {
			continue
		}
		if PathIs(CalleePath(t, a), "tokio::signal::unix::SignalKind::terminate", "tokio::signal::unix::SignalKind::interrupt", "tokio::signal::unix::SignalKind::quit") {
			return true
		}
	}
	return false
}

// hasShutdownWord splits an identifier into words (snake_case and camelCase) and looks for a
// shutdown word among them.
func hasShutdownWord(ident string) bool {
	for _, w := range identWords(ident) {
		if shutdownWords[w] {
			return true
		}
	}
	return false
}

func identWords(s string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case r == '_' || !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
		case unicode.IsUpper(r) && i > 0 && (unicode.IsLower(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1])):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return out
}
