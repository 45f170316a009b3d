package rules

import (
	"fmt"
	"strings"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/knowledge"
	"github.com/rustaudit/rustaudit/parser"
)

// Guards from accessors (issue 13, capability 4): a call of a fn or method of the crate
// whose declared return type is a synchronous guard (`MutexGuard`, `RwLock*Guard` of std,
// parking_lot, spin or lock_api, a `RefCell`'s `Ref`/`RefMut`), or a Result/Option of one,
// hands back a guard exactly as `.lock().unwrap()` does: held across an `.await`, it blocks
// every other locker. The return type comes from the crate model (types.go), whatever file
// declares the fn; the guard's lifetime from the same analysis as a `.lock()`'s (locks.go).

// lawGuardOf says what kind of guard a type is: a sync guard (kind, and whether it is
// wrapped in a Result/Option), or none; pending when another file must tell.
func lawGuardOf(r *typeResolver, ty Type) (kind lockKind, wrapped, ok, pending bool) {
	ty = r.Norm(ty)
	if ty.Pending() {
		return 0, false, false, true
	}
	if typeResultLikePath(ty.Path) {
		inner := r.Norm(ty.Arg(0))
		if inner.Pending() {
			return 0, false, false, true
		}
		ty, wrapped = inner, true
	}
	if !lockGuardType(ty.Path) || lockPathFlavor(ty.Path) == flavorAsync || strings.HasPrefix(ty.Path, "std::io::Std") {
		return 0, false, false, false
	}
	switch name := ty.Name(); {
	case ty.Path == "std::cell::Ref":
		return lockBorrow, wrapped, true, false
	case ty.Path == "std::cell::RefMut":
		return lockBorrowMut, wrapped, true, false
	case strings.HasPrefix(ty.Path, "tokio::") || strings.HasPrefix(ty.Path, "futures::") || strings.HasPrefix(ty.Path, "async_"):
		return 0, false, false, false
	case strings.Contains(name, "Read"):
		return lockRead, wrapped, true, false
	case strings.Contains(name, "Write"):
		return lockWrite, wrapped, true, false
	}
	return lockMutex, wrapped, true, false
}

// lawAccessorSkip are method names whose calls are never the crate's accessors worth asking
// about: the lock methods lock_across_await checks itself (lawGuardMethod), and unwrapping.
var lawAccessorSkip = func() map[string]bool {
	m := map[string]bool{
		"clone": true, "to_owned": true, "to_string": true, "into": true, "iter": true, "len": true,
		"is_empty": true, "await": true,
	}
	for _, lm := range knowledge.LockMethods {
		if _, ok := lawGuardMethod(lm.Name); ok {
			m[lm.Name] = true
		}
	}
	return m
}()

// lawCheckAccessors looks, in an async body that awaits, for calls of the crate's fns that
// return a guard, and analyses each guard's lifetime as a lock call's.
func lawCheckAccessors(p *Pass, body parser.NodeID) {
	t := p.Tree
	if !IsAsyncBody(t, body) || !lawScratchOf(p).hasAwait(t, body) {
		return
	}
	edition2024 := p.Info.Edition >= "2024" && len(p.Info.Edition) == 4
	WalkBody(t, body, func(d parser.NodeID) bool {
		if d != body && IsBodyBoundary(t, d) {
			return false
		}
		if t.Is(d, parser.KCallExpression) {
			lawCheckAccessor(p, d, edition2024)
		}
		return true
	})
}

func lawCheckAccessor(p *Pass, call parser.NodeID, edition2024 bool) {
	t := p.Tree
	fn := Callee(t, call)
	method := MethodName(t, call)
	switch t.Kind(fn) {
	case parser.KFieldExpression:
		if lawAccessorSkip[method] || lockGuardUnwrap[method] || lockFutureMethods[method] {
			return
		}
	case parser.KIdentifier, parser.KScopedIdentifier:
		if name := LastSegment(t.Text(fn)); name == "" || name[0] < 'a' || name[0] > 'z' || name == "drop" {
			return
		}
	default:
		return
	}
	if t.Is(t.Parent(call), parser.KAwaitExpression) {
		return
	}
	// Only the crate's own fns: a method the crate declares (the std table's methods are the
	// lock calls above), or a path the resolver answers only for the crate's fns.
	r := p.typeResolver()
	var ty Type
	if method != "" {
		if !PlainPlace(t, Receiver(t, call)) {
			return
		}
		recvTy := p.TypeOf(Receiver(t, call))
		if recvTy.Path == "" && !recvTy.Pending() {
			return
		}
		owner, f, pending := r.MethodOwner(recvTy, method)
		switch {
		case pending:
			ty = p.TypeOf(call)
		case f == nil || !owner.Crate:
			return
		default:
			ty = r.Norm(f.ret())
		}
	} else {
		ty = p.TypeOf(call)
	}
	if ty.Path == "" && !ty.Pending() {
		return
	}
	kind, _, ok, pending := lawGuardOf(r, ty)
	if !ok && !pending {
		return
	}
	if pending {
		kind = lockMutex // the message's guard word is fixed when the crate tells
	}
	flavor := flavorSync
	if kind == lockBorrow || kind == lockBorrowMut {
		flavor = flavorCell
	}
	lk, found := lockClassify(t, call, "", kind, flavor)
	if !found {
		return
	}
	callText := lockCallText(t, call)
	path := p.Info.Path
	emit := func(d Diagnostic, _ func(*Crate, *finding.Finding) bool) {
		if !pending {
			d.Notes = append(d.Notes, lawAccessorNote(callText, ty))
			p.Report(d)
			return
		}
		p.ReportLater(d, func(c *Crate, f *finding.Finding) bool {
			cr := c.typeResolver(path)
			real, _, ok, _ := lawGuardOf(cr, ty)
			if !ok {
				return false
			}
			if real != kind {
				was, _ := lawWhat(lockCall{kind: kind})
				now, _ := lawWhat(lockCall{kind: real})
				f.Message = strings.Replace(f.Message, was, now, 1)
				f.Help = lawHelp(lockCall{kind: real}, strings.HasPrefix(f.Message, "the temporary"))
				f.Notes = lawNotes(lockCall{kind: real})
			}
			f.Notes = append(f.Notes, lawAccessorNote(callText, cr.Norm(ty)))
			return true
		})
	}
	guardAnalyse(p, lawWatchFor(p, emit), lk, edition2024)
}

// lawAccessorNote says where the guard comes from.
func lawAccessorNote(call string, ty Type) string {
	return fmt.Sprintf("`%s` calls the crate's own fn, whose declared return type is `%s`: the guard it hands back holds the lock (or the borrow) like one taken here", call, ty)
}
