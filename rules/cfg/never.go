package cfg

import (
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/rustaudit/rustaudit/parser"
)

// Fns of the crate declared to return `!`: a call to one in another file diverges as a call
// to one of the file's own does. The engine gathers every file's fn declarations (FnDecls),
// makes the crate's CrateFns from them and hands it to the graphs of a file with
// WithCrateFns before the rules run.

// FnDecl is a fn or method declared at item level in a file of the crate.
type FnDecl struct {
	Name string
	// Scope is the last segment of the module the fn is declared in ("crate" for a crate
	// root's own items), or for a method the name of its impl's type.
	Scope  string
	Method bool // in an impl or a trait
	Never  bool // declared to return `!`
}

// FnDecls returns the fns and methods declared at item level in t (in modules, impls and
// traits, not in fn bodies). With neverOnly, only those declared `-> !`.
func FnDecls(t *parser.Tree, neverOnly bool) []FnDecl {
	if neverOnly && !strings.Contains(string(t.Src), "-> !") {
		return nil
	}
	file := FileModule(t.Path)
	var out []FnDecl
	var walk func(list parser.NodeID, scope string, method bool)
	walk = func(list parser.NodeID, scope string, method bool) {
		for c := t.N(list).FirstChild; c >= 0; c = t.N(c).Next {
			switch t.Kind(c) {
			case parser.KFunctionItem, parser.KFunctionSignatureItem:
				never := t.Is(t.Field(c, parser.FReturnType), parser.KNeverType)
				if never || !neverOnly {
					out = append(out, FnDecl{Name: strings.Clone(t.Text(t.Field(c, parser.FName))), Scope: scope, Method: method, Never: never})
				}
			case parser.KModItem:
				if b := t.Field(c, parser.FBody); b >= 0 {
					walk(b, strings.Clone(t.Text(t.Field(c, parser.FName))), false)
				}
			case parser.KImplItem:
				if b := t.Field(c, parser.FBody); b >= 0 {
					walk(b, implType(t, c), true)
				}
			case parser.KTraitItem:
				if b := t.Field(c, parser.FBody); b >= 0 {
					walk(b, strings.Clone(t.Text(t.Field(c, parser.FName))), true)
				}
			}
		}
	}
	walk(t.Root(), file, false)
	return out
}

// implType returns the last segment of the type an impl is for, without generics.
func implType(t *parser.Tree, impl parser.NodeID) string {
	ty := t.Field(impl, parser.FType)
	if t.Is(ty, parser.KGenericType) {
		ty = t.Field(ty, parser.FType)
	}
	s := t.Text(ty)
	return strings.Clone(s[strings.LastIndex(s, ":")+1:])
}

// FileModule returns the last segment of the module a file is, from its path: "crate" for
// a crate root (lib.rs, main.rs, build.rs), the directory's name for a mod.rs, else the
// file's stem.
func FileModule(path string) string {
	stem := strings.TrimSuffix(filepath.Base(path), ".rs")
	switch stem {
	case "lib", "main", "build":
		return "crate"
	case "mod":
		return filepath.Base(filepath.Dir(path))
	}
	return stem
}

// CrateFns is what a crate declares of the names of its `-> !` fns: for each such name,
// every fn and method of that name (so that a same-named fn that returns is not mistaken for
// it).
type CrateFns struct {
	byName map[string][]FnDecl
}

// NewCrateFns makes the crate's index from the declarations of all its files; nil when none
// is declared `-> !`.
func NewCrateFns(decls []FnDecl) *CrateFns {
	var c *CrateFns
	for _, d := range decls {
		if d.Never {
			if c == nil {
				c = &CrateFns{byName: map[string][]FnDecl{}}
			}
			c.byName[d.Name] = nil
		}
	}
	if c == nil {
		return nil
	}
	for _, d := range decls {
		if _, ok := c.byName[d.Name]; ok {
			c.byName[d.Name] = append(c.byName[d.Name], d)
		}
	}
	return c
}

// Names returns the names declared `-> !` somewhere in the crate.
func (c *CrateFns) Names() []string {
	if c == nil {
		return nil
	}
	out := make([]string, 0, len(c.byName))
	for n := range c.byName {
		out = append(out, n)
	}
	return out
}

// MayCall reports whether src may call one of the names (the name as a word, then `(` or
// `::<`): only such files need the crate's fns.
func (c *CrateFns) MayCall(src []byte) bool {
	if c == nil {
		return false
	}
	s := string(src)
	for name := range c.byName {
		for i := 0; ; {
			j := strings.Index(s[i:], name)
			if j < 0 {
				break
			}
			j += i
			i = j + len(name)
			if j > 0 && isWord(s[j-1]) {
				continue
			}
			rest := strings.TrimLeft(s[i:min(len(s), i+16)], " \t\r\n")
			if strings.HasPrefix(rest, "(") || strings.HasPrefix(rest, "::<") {
				return true
			}
		}
	}
	return false
}

func isWord(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// diverges reports whether a call resolves to a fn of the crate declared `-> !`. resolved
// is the callee's path through the file's imports ("die", "util::die", "Self::die",
// "crate::util::die"); method is set for `self.die(..)`; scope is the module (or for a method
// call, the impl type) the call is written in. Among same-named fns it resolves by the
// path's last module (or type) segment; where that does not single out fns that all return
// `!`, the call is not taken to diverge.
func (c *CrateFns) diverges(resolved string, method bool, fileScope, implScope string) bool {
	if c == nil {
		return false
	}
	path := resolved
	name := path[strings.LastIndex(path, ":")+1:]
	decls, ok := c.byName[name]
	if !ok {
		return false
	}
	prefix := ""
	if i := strings.LastIndex(path, "::"); i >= 0 {
		prefix = path[:i]
		prefix = prefix[strings.LastIndex(prefix, ":")+1:]
	}
	wantMethod := method
	scope := ""
	switch {
	case method:
		scope = implScope
	case prefix == "":
		scope = "" // a plain name: its own module's fn if it has one, else any
	case prefix == "Self":
		wantMethod, scope = true, implScope
	case prefix == "crate":
		scope = "crate"
	case prefix == "self":
		scope = fileScope
	case prefix == "super":
		scope = ""
	case prefix[0] >= 'A' && prefix[0] <= 'Z':
		wantMethod, scope = true, prefix
	default:
		scope = prefix
	}
	var cands []FnDecl
	for _, d := range decls {
		if d.Method == wantMethod {
			cands = append(cands, d)
		}
	}
	if scope == "" && !wantMethod && prefix == "" {
		// a plain name: a fn of the caller's own module wins over an imported one
		var own []FnDecl
		for _, d := range cands {
			if d.Scope == fileScope {
				own = append(own, d)
			}
		}
		if len(own) > 0 {
			cands = own
		}
	} else if scope != "" {
		var in []FnDecl
		for _, d := range cands {
			if d.Scope == scope {
				in = append(in, d)
			}
		}
		if len(in) == 0 && wantMethod && (method || prefix == "Self") {
			in = cands // the impl's type not known by that name (a trait's default method)
		}
		cands = in
	}
	if len(cands) == 0 {
		return false
	}
	for _, d := range cands {
		if !d.Never {
			return false
		}
	}
	return true
}

// trees holds, for each tree being analysed, the crate index handed to its graphs and the
// names they asked it about.
var trees sync.Map // *parser.Tree -> *treeFns

type treeFns struct {
	crate *CrateFns
	mu    sync.Mutex
	asked []uint32 // nameHash of each name a graph asked about (crateDiverges)
}

// WithCrateFns gives the graphs of t the crate's fns (nil: none) until the returned func is
// called. Call it before any graph of t is built.
func WithCrateFns(t *parser.Tree, c *CrateFns) (done func()) {
	_, done = Track(t, c)
	return done
}

// Track is WithCrateFns that also keeps what the graphs of t ask: asked returns, for each
// call a graph of t built meanwhile could take to diverge if its crate declared a fn of
// that name `-> !` in another file, the hash of that name (sorted, without repeats; the
// graphs ask whether or not c is nil). A file none of whose names the crate declares
// `-> !` (MayAsk false) has the same graphs with the crate's fns as without: no need to
// analyse it again once they are known (rules.Engine.Recheck).
func Track(t *parser.Tree, c *CrateFns) (asked func() []uint32, done func()) {
	f := &treeFns{crate: c}
	trees.Store(t, f)
	asked = func() []uint32 {
		f.mu.Lock()
		defer f.mu.Unlock()
		slices.Sort(f.asked)
		f.asked = slices.Clip(slices.Compact(f.asked))
		return f.asked
	}
	return asked, func() { trees.Delete(t) }
}

func treeFnsOf(t *parser.Tree) *treeFns {
	if v, ok := trees.Load(t); ok {
		return v.(*treeFns)
	}
	return nil
}

// MayAsk reports whether one of c's names is among asked (from Track): whether a file
// whose graphs asked those names may have other graphs once c is known.
func (c *CrateFns) MayAsk(asked []uint32) bool {
	if c == nil {
		return false
	}
	for name := range c.byName {
		if _, found := slices.BinarySearch(asked, nameHash(name)); found {
			return true
		}
	}
	return false
}

// nameHash is the 32-bit FNV-1a hash of a name: two names may share one (MayAsk then says
// yes for both, which only costs a needless analysis).
func nameHash(name string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(name); i++ {
		h ^= uint32(name[i])
		h *= 16777619
	}
	return h
}

// scopesAt returns the module a node is written in (the innermost inline `mod`, else the
// file's) and the type of the impl around it ("" outside one).
func scopesAt(t *parser.Tree, n parser.NodeID) (module, impl string) {
	for x := n; x >= 0; x = t.Parent(x) {
		switch t.Kind(x) {
		case parser.KImplItem:
			if impl == "" {
				impl = implType(t, x)
			}
		case parser.KTraitItem:
			if impl == "" {
				impl = t.Text(t.Field(x, parser.FName))
			}
		case parser.KModItem:
			if module == "" {
				module = t.Text(t.Field(x, parser.FName))
			}
		}
	}
	if module == "" {
		module = FileModule(t.Path)
	}
	return module, impl
}
