package rules

import (
	"strings"

	"github.com/rustaudit/rustaudit/knowledge"

	"github.com/rustaudit/rustaudit/parser"
)

// The lock rules' classification, by text: a receiver's lock flavor from how the file spells
// the field, static or local it names, where no type is known.

// lockTypeWords are the type names that decide a receiver's flavor: knowledge.LockTypeNames.
var lockTypeWords = lockTypeWordSet()

func lockTypeWordSet() map[string]bool {
	m := make(map[string]bool, len(knowledge.LockTypeNames))
	for _, w := range knowledge.LockTypeNames {
		m[w] = true
	}
	return m
}

// lockTextFlavor classifies a type or constructor text: the first lock word in it decides
// (`Arc<Mutex<RefCell<T>>>` is a Mutex, `Rc<RefCell<T>>` a RefCell). A text without one is
// flavorOther when it is a type, flavorUnknown otherwise.
func lockTextFlavor(t *parser.Tree, text string, isType bool) lockFlavor {
	return lockTextFlavorDepth(t, text, isType, 0)
}

func lockTextFlavorDepth(t *parser.Tree, text string, isType bool, depth int) lockFlavor {
	var tokens []string
	i := 0
	for i < len(text) {
		c := text[i]
		if !isIdentStart(c) {
			i++
			continue
		}
		j := i
		for j < len(text) && (isIdentByte(text[j]) || (text[j] == ':' && j+1 < len(text) && text[j+1] == ':')) {
			if text[j] == ':' {
				j += 2
				continue
			}
			j++
		}
		tok := strings.TrimSuffix(text[i:j], "::")
		i = j
		if !strings.Contains(tok, "::") {
			tokens = append(tokens, tok)
		}
		// through the imports: `use parking_lot::RwLock as PlRwLock;` makes `PlRwLock` one
		segs := strings.Split(t.Imports.Resolve(tok), "::")
		// `Mutex::new`, `RefCell::default`: the type is the segment before the function.
		for k := len(segs) - 1; k >= 0; k-- {
			if lockTypeWords[segs[k]] {
				path := strings.Join(segs[:k+1], "::")
				f := lockPathFlavor(path)
				if f == flavorUnknown {
					// an unqualified name that no `use` explains: a glob may
					for _, g := range t.Imports.Globs {
						if gf := lockPathFlavor(g + "::" + segs[k]); gf != flavorSync {
							f = gf
						}
					}
				}
				return f
			}
		}
	}
	if isType {
		// `type Shared = Arc<Mutex<State>>;` in the same file
		if depth < 3 && len(tokens) > 0 {
			aliases := lockTypeAliases(t)
			for _, tok := range tokens {
				if alias, ok := aliases[tok]; ok {
					return lockTextFlavorDepth(t, alias, true, depth+1)
				}
			}
		}
		return flavorOther
	}
	return flavorUnknown
}

// lockTypeAliases maps the names of this file's `type X = ..;` items to their types.
func lockTypeAliases(t *parser.Tree) map[string]string {
	out := map[string]string{}
	t.Walk(t.Root(), func(d parser.NodeID) bool {
		switch t.Kind(d) {
		case parser.KTypeItem:
			out[t.Text(t.Field(d, parser.FName))] = t.Text(t.Field(d, parser.FType))
			return false
		case parser.KFunctionItem:
			return false // aliases live at item level
		}
		return true
	})
	return out
}

// lockComputedValue reports whether a `let`'s value is the result of awaiting something or
// of a `match` / `if` over such results: not a lock, nor a clone or borrow of one.
func lockComputedValue(t *parser.Tree, v parser.NodeID) bool {
	v = t.Unparen(v)
	for t.Is(v, parser.KTryExpression) {
		v = t.Unparen(t.NamedChild(v, 0))
	}
	switch t.Kind(v) {
	case parser.KAwaitExpression:
		return true
	case parser.KMatchExpression:
		return lockComputedValue(t, t.Field(v, parser.FValue))
	}
	return false
}

// lockReceiverFlavor looks for the declaration of a lock call's receiver in this file: a
// struct field, a parameter, a `let` or a static. It returns flavorUnknown when it finds none
// or when they disagree.
func lockReceiverFlavor(t *parser.Tree, m *lockTextMemo, recv, at parser.NodeID, depth int) lockFlavor {
	recv = t.Unparen(recv)
	for t.Is(recv, parser.KReferenceExpression) || lockIsDeref(t, recv) {
		recv = t.NamedChild(recv, 0)
		if t.Is(recv, parser.KMutableSpecifier) {
			recv = t.NamedChild(t.Parent(recv), 1)
		}
		recv = t.Unparen(recv)
	}
	if recv < 0 || depth > 3 {
		return flavorUnknown
	}
	switch t.Kind(recv) {
	case parser.KFieldExpression:
		name := t.Text(t.Field(recv, parser.FField))
		if t.Is(t.Unparen(t.Field(recv, parser.FValue)), parser.KSelf) {
			// `self.name`: the field of the impl's own struct, when it is in this file
			if f, ok := m.selfField(t, name, at); ok {
				return f
			}
		}
		return m.field(t, name)
	case parser.KIdentifier:
		return lockLocalFlavor(t, m, t.Text(recv), at, depth)
	case parser.KScopedIdentifier:
		return m.static(t, LastSegment(t.Text(recv)))
	case parser.KCallExpression:
		// `x.clone().lock()`, `Arc::clone(&x)`, `x.as_ref()`: look through.
		// (not `borrow()`: a RefCell's borrow yields the inner value, not another cell)
		switch MethodName(t, recv) {
		case "clone", "as_ref":
			return lockReceiverFlavor(t, m, Receiver(t, recv), at, depth+1)
		}
		if p := CalleePath(t, recv); LastSegment(p) == "clone" && len(Args(t, recv)) == 1 {
			return lockReceiverFlavor(t, m, Args(t, recv)[0], at, depth+1)
		}
	}
	return flavorUnknown
}

// lockSelfFieldFlavor classifies field name of the struct that the impl around at is for.
func lockSelfFieldFlavor(t *parser.Tree, name string, at parser.NodeID) (lockFlavor, bool) {
	self := lockImplTypeName(t, at)
	if self == "" {
		return flavorUnknown, false
	}
	return lockStructFieldFlavor(t, self, name)
}

// lockImplTypeName names the type of the impl around at (`Worker` of `impl<T> Worker<T>`),
// or "".
func lockImplTypeName(t *parser.Tree, at parser.NodeID) string {
	return enclosingImplType(t, at, implAround, implNameCompact)
}

// lockStructFieldFlavor classifies field name of the struct typeName declared in this file.
func lockStructFieldFlavor(t *parser.Tree, typeName, name string) (lockFlavor, bool) {
	flavor, found := flavorUnknown, false
	t.Walk(t.Root(), func(d parser.NodeID) bool {
		if found {
			return false
		}
		if t.Is(d, parser.KFunctionItem) {
			return false
		}
		if !t.Is(d, parser.KStructItem) || !t.TextIs(t.Field(d, parser.FName), typeName) {
			return true
		}
		t.Walk(t.Field(d, parser.FBody), func(f parser.NodeID) bool {
			if t.Is(f, parser.KFieldDeclaration) && t.TextIs(t.Field(f, parser.FName), name) {
				flavor = lockTextFlavor(t, t.Text(t.Field(f, parser.FType)), true)
				found = true
			}
			return !found
		})
		return false
	})
	return flavor, found
}

// lockFieldFlavor classifies the struct fields named name declared in this file.
func lockFieldFlavor(t *parser.Tree, name string) lockFlavor {
	flavor := flavorUnknown
	seen := false
	conflict := false
	t.Walk(t.Root(), func(d parser.NodeID) bool {
		if conflict {
			return false
		}
		if !t.Is(d, parser.KFieldDeclaration) || !t.TextIs(t.Field(d, parser.FName), name) {
			return true
		}
		f := lockTextFlavor(t, t.Text(t.Field(d, parser.FType)), true)
		if seen && f != flavor {
			conflict = true
		}
		flavor, seen = f, true
		return false
	})
	if conflict {
		return flavorUnknown
	}
	return flavor
}

// lockStaticFlavor classifies a static item named name.
func lockStaticFlavor(t *parser.Tree, name string) lockFlavor {
	flavor := flavorUnknown
	t.Walk(t.Root(), func(d parser.NodeID) bool {
		if t.Is(d, parser.KStaticItem) && t.TextIs(t.Field(d, parser.FName), name) {
			flavor = lockTextFlavor(t, t.Text(t.Field(d, parser.FType)), true)
			return false
		}
		return flavor == flavorUnknown
	})
	return flavor
}

// lockLocalFlavor classifies a local variable or parameter named name, seen from at: the
// nearest declaration before at in an enclosing scope.
func lockLocalFlavor(t *parser.Tree, m *lockTextMemo, name string, at parser.NodeID, depth int) lockFlavor {
	result := flavorUnknown
	done := false
	atStart := t.Nodes[at].Start
	t.Ancestors(at, func(a parser.NodeID) bool {
		switch t.Kind(a) {
		case parser.KBlock, parser.KMacroBody:
			// the last `let name` before at in this block
			var found parser.NodeID = parser.None
			t.Children(a, func(c parser.NodeID) bool {
				if t.Nodes[c].Start >= atStart {
					return false
				}
				if t.Is(c, parser.KLetDeclaration) && t.Nodes[c].End <= atStart {
					if patternBinding(t, t.Field(c, parser.FPattern), name) >= 0 {
						found = c
					}
				}
				return true
			})
			if found >= 0 {
				if ty := t.Field(found, parser.FType); ty >= 0 {
					result = lockTextFlavor(t, t.Text(ty), true)
				} else if v := t.Field(found, parser.FValue); v >= 0 {
					result = lockTextFlavor(t, t.Text(v), false)
					if result == flavorUnknown {
						result = lockReceiverFlavor(t, m, v, v, depth+1)
					}
					if result == flavorUnknown && lockComputedValue(t, v) {
						// `let result = match op.execute().await { Ok(r) => r, .. }`: a value
						// some call computed, whose `.lock()` is its own method (uv's
						// `LockResult::lock() -> &Lock`), not a lock the file shows.
						result = flavorOther
					}
				}
				done = true
				return false
			}
		case parser.KFunctionItem, parser.KClosureExpression:
			params := t.Field(a, parser.FParameters)
			if params >= 0 {
				t.Children(params, func(c parser.NodeID) bool {
					if t.Is(c, parser.KParameter) && patternBinding(t, t.Field(c, parser.FPattern), name) >= 0 {
						result = lockTextFlavor(t, t.Text(t.Field(c, parser.FType)), true)
						done = true
						return false
					}
					if t.Is(c, parser.KIdentifier) && t.TextIs(c, name) {
						done = true // untyped closure parameter
						return false
					}
					return true
				})
			}
			if done || t.Is(a, parser.KFunctionItem) {
				return false
			}
		}
		return true
	})
	if !done && result == flavorUnknown {
		return m.static(t, name)
	}
	return result
}

// lockTextMemo keeps the answers of the file-wide searches above for one file: the lock
// calls of a file name the same few fields, and lock_twice and lock_across_await ask about
// the same calls. A nil memo computes every answer.
type lockTextMemo struct {
	fields     map[string]lockFlavor      // lockFieldFlavor by field name
	selfFields map[[2]string]lockFlavorOK // lockStructFieldFlavor by type and field name
	statics    map[string]lockFlavor      // lockStaticFlavor by name
	receivers  map[parser.NodeID]lockFlavor
}

type lockFlavorOK struct {
	f  lockFlavor
	ok bool
}

func (m *lockTextMemo) field(t *parser.Tree, name string) lockFlavor {
	if m == nil {
		return lockFieldFlavor(t, name)
	}
	return lockMemoized(m.fields, t, name, lockFieldFlavor)
}

func (m *lockTextMemo) static(t *parser.Tree, name string) lockFlavor {
	if m == nil {
		return lockStaticFlavor(t, name)
	}
	return lockMemoized(m.statics, t, name, lockStaticFlavor)
}

// lockMemoized answers compute(t, name) once per name into memo.
func lockMemoized(memo map[string]lockFlavor, t *parser.Tree, name string, compute func(*parser.Tree, string) lockFlavor) lockFlavor {
	f, ok := memo[name]
	if !ok {
		f = compute(t, name)
		memo[name] = f
	}
	return f
}

// selfField is lockSelfFieldFlavor.
func (m *lockTextMemo) selfField(t *parser.Tree, name string, at parser.NodeID) (lockFlavor, bool) {
	if m == nil {
		return lockSelfFieldFlavor(t, name, at)
	}
	self := lockImplTypeName(t, at)
	if self == "" {
		return flavorUnknown, false
	}
	key := [2]string{self, name}
	a, ok := m.selfFields[key]
	if !ok {
		a.f, a.ok = lockStructFieldFlavor(t, key[0], name)
		m.selfFields[key] = a
	}
	return a.f, a.ok
}

// lockEvidenceOf is lockReceiverFlavor of a lock call's receiver, once per file and call.
func lockEvidenceOf(p *Pass, call parser.NodeID) lockFlavor {
	m := p.file.lockText
	if m == nil {
		m = &lockTextMemo{fields: map[string]lockFlavor{}, selfFields: map[[2]string]lockFlavorOK{},
			statics: map[string]lockFlavor{}, receivers: map[parser.NodeID]lockFlavor{}}
		p.file.lockText = m
	}
	f, ok := m.receivers[call]
	if !ok {
		f = lockReceiverFlavor(p.Tree, m, Receiver(p.Tree, call), call, 0)
		m.receivers[call] = f
	}
	return f
}
