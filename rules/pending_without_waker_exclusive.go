package rules

import (
	"strconv"
	"strings"

	"github.com/rustaudit/rustaudit/parser"
)

// A `try_lock()` that fails only when someone else holds the lock. When the lock is a
// private field that only this value's exclusive methods (`&mut self`, `self: Pin<&mut
// Self>`) ever lock, nobody else can hold it while a poll runs: the lock is never contended,
// the `try_lock()` never fails, and the `Pending` of its failure is never reached.
//
//	struct Wrapper(Arc<Mutex<Stream>>);
//	fn poll_read(self: Pin<&mut Self>, cx: ..) -> Poll<..> {
//	    match self.0.try_lock() { Ok(mut s) => Pin::new(&mut *s).poll_read(cx, buf), Err(_) => Poll::Pending }
//	}
//
// The field must be declared in this file's struct for the impl's type, without `pub` and
// without `#[derive(Clone)]` on the struct (a clone would share the lock); every value of the
// struct the file makes must give it a new lock (`Arc::new(Mutex::new(..))`, not a parameter
// that a caller may share), and every mention of it must be a lock call on `self` in such a
// method; a file that declares out-of-line modules (`mod x;`, whose files may reach the
// field) does not count.

// pwwTryLocks are the lock methods that fail instead of waiting.
var pwwTryLocks = map[string]bool{"try_lock": true, "try_read": true, "try_write": true}

// pwwLockCalls are the calls that may take a lock field without letting it escape.
var pwwLockCalls = map[string]bool{
	"lock": true, "read": true, "write": true, "try_lock": true, "try_read": true, "try_write": true,
	"blocking_lock": true, "blocking_read": true, "blocking_write": true,
}

// pwwExclusiveLock returns the field `self.F` that call tries to lock when only this value's
// exclusive methods ever lock it (see above); "" otherwise.
func pwwExclusiveLock(t *parser.Tree, call parser.NodeID) string {
	if !t.Is(call, parser.KCallExpression) || !pwwTryLocks[MethodName(t, call)] || len(Args(t, call)) != 0 {
		return ""
	}
	recv := t.Unparen(Receiver(t, call))
	if !t.Is(recv, parser.KFieldExpression) || !t.TextIs(t.Unparen(t.Field(recv, parser.FValue)), "self") {
		return ""
	}
	field := t.Text(t.Field(recv, parser.FField))
	owner := enclosingImplType(t, call, implAround, implNamePath)
	if owner == "" || !pwwPrivateField(t, owner, field) {
		return ""
	}
	ok, made := true, 0
	t.Walk(t.Root(), func(d parser.NodeID) bool {
		if !ok {
			return false
		}
		switch {
		case t.Is(d, parser.KModItem) && t.Field(d, parser.FBody) < 0:
			ok = false // `mod x;`: its file may reach the field
		case t.Is(d, parser.KFieldExpression) && t.TextIs(t.Field(d, parser.FField), field):
			ok = pwwExclusiveUse(t, d, owner)
		default:
			if v, init := pwwFieldInit(t, d, owner, field); init {
				made++
				ok = pwwFreshLock(t, v)
			}
		}
		return ok
	})
	if !ok || made == 0 {
		return ""
	}
	return "self." + field
}

// pwwFieldInit returns the value d, a struct expression or tuple constructor of owner (or
// `Self`), gives the field: init false when d is none of those; value None when the field
// takes a value the expression does not show (`Owner { conn, .. }`'s shorthand names a
// local, `..base` copies another value's).
func pwwFieldInit(t *parser.Tree, d parser.NodeID, owner, field string) (value parser.NodeID, init bool) {
	switch t.Kind(d) {
	case parser.KStructExpression:
		if !pwwNamesOwner(t, d, t.Field(d, parser.FName), owner) {
			return parser.None, false
		}
		body := t.Field(d, parser.FBody)
		for _, f := range t.NamedChildren(body) {
			switch {
			case t.Is(f, parser.KFieldInitializer) && t.TextIs(t.Field(f, parser.FField), field):
				return t.Field(f, parser.FValue), true
			case t.Is(f, parser.KShorthandFieldInit) && t.TextIs(f, field):
				return parser.None, true
			}
		}
		return parser.None, true // `..base` (or a field list the rule cannot read)
	case parser.KCallExpression:
		if fn := t.Field(d, parser.FFunction); !t.Is(fn, parser.KIdentifier) || !pwwNamesOwner(t, d, fn, owner) {
			return parser.None, false
		}
		i, err := strconv.Atoi(field)
		if args := Args(t, d); err == nil && i < len(args) {
			return args[i], true
		}
		return parser.None, true
	}
	return parser.None, false
}

// pwwNamesOwner reports whether name, the type named by expression d, is owner: by its name,
// or as `Self` inside an impl of owner.
func pwwNamesOwner(t *parser.Tree, d, name parser.NodeID, owner string) bool {
	n := LastSegment(t.Text(name))
	return n == owner || n == "Self" && enclosingImplType(t, d, implAround, implNamePath) == owner
}

// pwwFreshLock reports whether v makes a new lock nobody else holds: `Arc::new(Mutex::new(..))`,
// `Mutex::new(..)`, `Default::default()` and the like.
func pwwFreshLock(t *parser.Tree, v parser.NodeID) bool {
	for i := 0; i < 4 && v >= 0; i++ {
		v = t.Unparen(v)
		if !t.Is(v, parser.KCallExpression) {
			return false
		}
		path := CalleePath(t, v)
		switch LastSegment(path) {
		case "default":
			return len(Args(t, v)) == 0
		case "new":
		default:
			return false
		}
		switch LastSegment(strings.TrimSuffix(path, "::new")) {
		case "Arc", "Rc", "Box":
			args := Args(t, v)
			if len(args) != 1 {
				return false
			}
			v = args[0]
		case "Mutex", "RwLock", "FairMutex", "ReentrantMutex":
			return true
		default:
			return false
		}
	}
	return false
}

// pwwExclusiveUse reports whether fe, a mention of a field named as the lock field, leaves
// the lock exclusive: on `self` in a method of owner, a lock call in a method that holds
// self exclusively (`self.F` in another type's impl is another field); on another value, any
// use but a clone or a borrow (`w.0.clone()`, `Arc::clone(&w.0)`), which may share it.
func pwwExclusiveUse(t *parser.Tree, fe parser.NodeID, owner string) bool {
	child, par := ParenParent(t, fe)
	method := ""
	if t.Is(par, parser.KFieldExpression) && t.Field(par, parser.FValue) == child {
		if call := t.Parent(par); t.Is(call, parser.KCallExpression) && t.Field(call, parser.FFunction) == par {
			method = t.Text(t.Field(par, parser.FField))
		}
	}
	if !t.TextIs(t.Unparen(t.Field(fe, parser.FValue)), "self") {
		return method != "clone" && !t.Is(par, parser.KReferenceExpression)
	}
	if enclosingImplType(t, fe, implAround, implNamePath) != owner {
		return true
	}
	if !pwwLockCalls[method] {
		return false
	}
	fn := t.AncestorOfKind(fe, parser.KFunctionItem)
	return fn >= 0 && pwwExclusiveSelf(t, fn)
}

// pwwExclusiveSelf reports whether method fn takes self exclusively: `&mut self`, or
// `self: Pin<&mut Self>` (also `mut self: ..`).
func pwwExclusiveSelf(t *parser.Tree, fn parser.NodeID) bool {
	params := t.Field(fn, parser.FParameters)
	if params < 0 {
		return false
	}
	first := t.NamedChild(params, 0)
	if first < 0 {
		return false
	}
	text := joinFields(t.Text(first), "")
	if t.Is(first, parser.KSelfParameter) {
		return strings.HasPrefix(text, "&") && strings.HasSuffix(text, "mutself")
	}
	return strings.HasPrefix(text, "self:Pin<&") && strings.HasSuffix(text, "mutSelf>") ||
		strings.HasPrefix(text, "mutself:Pin<&") && strings.HasSuffix(text, "mutSelf>")
}

// pwwPrivateField reports whether the file declares struct owner with a field named field
// (a name, or a tuple field's index) that is not `pub`, and no `Clone` derive on the struct.
func pwwPrivateField(t *parser.Tree, owner, field string) bool {
	d := FileItem(t, parser.KStructItem, owner)
	if d < 0 {
		return false
	}
	for _, a := range Attributes(t, d) {
		if strings.Contains(t.Text(a), "Clone") {
			return false
		}
	}
	body := t.Field(d, parser.FBody)
	switch {
	case t.Is(body, kFieldDeclList):
		for _, f := range t.NamedChildren(body) {
			if t.Is(f, parser.KFieldDeclaration) && t.TextIs(t.Field(f, parser.FName), field) {
				return t.FirstChildOfKind(f, kVisibility) < 0
			}
		}
	case t.Is(body, kOrderedFieldList):
		want, err := strconv.Atoi(field)
		if err != nil {
			return false
		}
		i, pub := 0, false
		for _, c := range t.NamedChildren(body) {
			switch {
			case t.Is(c, kVisibility):
				pub = true
			case t.Is(c, kAttribute) || t.Is(c, parser.KAttributeItem):
			default:
				if i == want {
					return !pub
				}
				i, pub = i+1, false
			}
		}
	}
	return false
}
