package rules

// blocking_in_async: does a file call move the data its async code hands back? A read whose
// bytes (or whose open handle) flow into what the async fn or block returns makes the
// blocking the whole point of the call: an "async" read API whose callers await it on their
// data path (a cache's block read, a file picker's `read_bytes`). A read of a certificate,
// a key or a config that the code only uses on the way (to build a TLS store, to decide
// something) moves a small file nobody waits on.

import (
	"fmt"
	"strings"

	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules/cfg"
)

// biReturnsData reports, with how, whether the value of call (a blocking file read in body)
// is the data the async code hands back or hands on: the value is forwarded (`?`,
// `.map(..)`, `Ok(..)`, a `match` on it, a block's tail) into a `return`, body's tail or an
// argument of an awaited call, or bound by a `let` (or `if let`, or an assignment) whose
// names get there the same way, or filled through `&mut` by a method of a value that does
// (`file.read_to_end(&mut buf)`).
func biReturnsData(t *parser.Tree, call, body parser.NodeID) string {
	if body < 0 || biKeyMaterial(t, call) {
		return ""
	}
	tainted := map[string]bool{}
	var order []string
	add := func(ids []parser.NodeID) {
		for _, id := range ids {
			if n := t.Text(id); !tainted[n] {
				tainted[n] = true
				order = append(order, n)
			}
		}
	}
	if f := t.Field(call, parser.FFunction); t.Is(f, parser.KFieldExpression) {
		add(biMutArgs(t, call)) // `file.read_to_end(&mut buf)`: the bytes go to buf
	}
	if biFlowUp(t, call, body, add) {
		return "its value is what the code returns or hands on"
	}
	// Names bound from the value, and what is computed from them, until nothing new.
	for done := 0; done < len(order); {
		done = len(order)
		found := ""
		t.Walk(body, func(d parser.NodeID) bool {
			if found != "" {
				return false
			}
			if d != body && IsBodyBoundary(t, d) && !t.Is(d, parser.KClosureExpression) {
				return false
			}
			if !t.Is(d, parser.KIdentifier) || !tainted[t.Text(d)] || t.Nodes[d].Start <= t.Nodes[call].Start {
				return true
			}
			if biFlowUp(t, d, body, add) {
				found = t.Text(d)
			}
			return true
		})
		if found != "" {
			return fmt.Sprintf("what it reads is what the code returns or hands on (through `%s`)", found)
		}
	}
	return ""
}

// biFlowUp follows the value of n up the tree while each parent passes it on. It reports
// whether it reaches a `return` or body's tail, or an argument of a call that is awaited
// (the bytes written to a socket, sent on a channel, published); the names a `let`, an
// `if let` or an assignment binds from it, and the `&mut` arguments of a method called on
// it, go to bind.
func biFlowUp(t *parser.Tree, n, body parser.NodeID, bind func([]parser.NodeID)) bool {
	for {
		up := t.Parent(n)
		if up < 0 {
			return false
		}
		switch t.Kind(up) {
		case parser.KTryExpression, parser.KParenthesizedExpression, parser.KAwaitExpression,
			parser.KReferenceExpression, parser.KTypeCastExpression, parser.KUnaryExpression,
			parser.KArguments, parser.KElseClause, parser.KMatchArm, parser.KMatchBlock,
			parser.KFieldInitializer, parser.KShorthandFieldInit, kFieldInitializerList, parser.KStructExpression,
			parser.KTupleExpression, parser.KArrayExpression:
		case parser.KFieldExpression:
			if t.Field(up, parser.FValue) != n {
				return false
			}
			if c := t.Parent(up); t.Is(c, parser.KCallExpression) && t.Field(c, parser.FFunction) == up {
				bind(biMutArgs(t, c))
			}
		case parser.KCallExpression:
			if t.Field(up, parser.FFunction) == n && !t.Is(n, parser.KFieldExpression) {
				return false // the value is the function called
			}
			if t.Field(up, parser.FFunction) != n && (biAwaited(t, up) || biWholeCopy(t, up) && EnclosingBody(t, up) == body) {
				// handed on: `sock.write_all(&page).await`, `publish(bytes).await`; or the
				// whole file is copied out (`std::io::copy(&mut file, &mut zip)`) by the async
				// code itself, not by a closure it hands to `spawn_blocking`
				return true
			}
		case parser.KMatchExpression:
			if t.Field(up, parser.FValue) != n {
				return false
			}
		case parser.KIfExpression:
			if t.Field(up, parser.FCondition) == n {
				return false
			}
		case parser.KExpressionStatement:
			if cfg.BlockTail(t, t.Parent(up)) != up {
				return false
			}
		case parser.KBlock:
			if cfg.BlockTail(t, up) != n {
				return false
			}
			if t.Parent(up) == body {
				return true
			}
		case parser.KReturnExpression:
			return EnclosingBody(t, up) == body
		case parser.KAssignmentExpression, parser.KCompoundAssignment:
			// `sum += read(p)..`, `out = read(p)?`: the target carries it on
			if t.Field(up, parser.FRight) == n {
				if l := t.Unparen(t.Field(up, parser.FLeft)); t.Is(l, parser.KIdentifier) {
					bind([]parser.NodeID{l})
				}
			}
			return false
		case parser.KLetDeclaration, parser.KLetCondition:
			if t.Field(up, parser.FValue) == n {
				ids, _ := appendPatternBindings(nil, t, t.Field(up, parser.FPattern))
				bind(ids)
			}
			return false
		default:
			if up == body {
				return true // a closure's expression body
			}
			return false
		}
		n = up
	}
}

// biReads reports whether a file call's entry reads file contents: `std::fs::read`,
// `read_to_string`, an open that may be read from (`File::open`, `OpenOptions::open`), or a
// read method of a `std::fs::File` (`read_to_end`, `read_exact` ..). Writes, copies,
// directory listings and metadata calls hand back no file data.
func biReads(e *biBlocking, name string) bool {
	last := LastSegment(e.Path)
	if e.Match == biMethod {
		last = e.Method
	}
	switch last {
	case "read", "read_to_string", "read_to_end", "read_exact", "read_at", "read_exact_at", "read_vectored":
		return true
	case "open":
		return !strings.Contains(name, "create") && !strings.Contains(name, "write(true)") && !strings.Contains(name, "append(true)")
	}
	return false
}

// biMutArgs returns the locals a call lends out as `&mut x`: a read fills them.
func biMutArgs(t *parser.Tree, call parser.NodeID) []parser.NodeID {
	var out []parser.NodeID
	for _, a := range Args(t, call) {
		if a = t.Unparen(a); t.Is(a, parser.KReferenceExpression) && t.FirstChildOfKind(a, parser.KMutableSpecifier) >= 0 {
			if v := t.Unparen(t.Field(a, parser.FValue)); t.Is(v, parser.KIdentifier) {
				out = append(out, v)
			}
		}
	}
	return out
}

// biKeyMaterialWords are what a path names when it holds a certificate, a key or a
// credential: a file read once to configure a TLS client or an authenticator, however its
// bytes then reach the value the code hands back (`Identity::from_pem(..)` in a client).
var biKeyMaterialWords = []string{".pem", ".crt", ".cer", ".der", ".key", ".p12", ".pfx", "cert", "credential",
	"private_key", "privkey", "key_file", "keyfile", "tls_key", "access_token", "token_file", "secret"}

// biKeyMaterial reports whether the path a file read is given (its first argument) names key
// material (biKeyMaterialWords): `std::fs::read_to_string(tls_dir.join("client.pem"))`,
// `fs::read(&cfg.server_credential.server_access_token)`.
func biKeyMaterial(t *parser.Tree, call parser.NodeID) bool {
	args := Args(t, call)
	if len(args) == 0 {
		return false
	}
	text := strings.ToLower(joinFields(t.Text(args[0]), ""))
	for _, w := range biKeyMaterialWords {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// biWholeCopy reports whether call is `std::io::copy(..)` (as `io::copy` or in full): it moves
// every byte of its reader into its writer, so a file handed to it is read whole.
func biWholeCopy(t *parser.Tree, call parser.NodeID) bool {
	f := Callee(t, call)
	if !t.Is(f, parser.KScopedIdentifier) {
		return false
	}
	p := t.Imports.Resolve(t.Text(f))
	return p == "std::io::copy" || strings.HasSuffix(t.Text(f), "io::copy") && !strings.HasPrefix(p, "tokio")
}
