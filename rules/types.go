package rules

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/rustaudit/rustaudit/parser"
)

// A light type resolver: what rules need to tell a `std::sync::RwLock` from a crate's own
// `PacketReader` that also has a `read()`, without a compiler.
//
// TypeOf gives an expression's type from what the source writes down: `let x: T`
// annotations, fn and closure parameters, constructors (`T::new(..)`, `T::default()`,
// `T { .. }`, `Arc::new(Mutex::new(..))`), clones of known bindings, struct fields, the return
// types of the crate's fns and methods, and the methods of common std/tokio/parking_lot/
// futures types (typeMethodTable). Paths go through the file's `use` imports. References are
// dropped (`&T` is T); smart pointers stay in the type (`Arc<Mutex<T>>`) and are seen through
// where Rust auto-derefs (fields, methods).
//
// Crate-wide: every file records its items (structs and their fields, enums, aliases, fns,
// methods by type, Deref targets, statics) as one fact (fileTypes). A type that another file
// of the crate must complete (a struct declared elsewhere, an alias, a method of an impl in
// another file) comes back Pending: it carries the question (typeQuery), and a rule settles
// the finding that depends on it with ReportLater and (*Crate).typeResolver. A rule that
// asks TypeOf records its file's facts (recordTypeFacts, from its KSourceFile visit) and so
// must not declare Needs.
//
// What it does not do: trait resolution, generic substitution (a type parameter is unknown),
// closures' inferred parameters, iterator chains, macros, `if`/`match` values (but for the
// `match r { Ok(v) => v, Err(..) => return .. }` idiom), and types of other crates of a
// workspace (a path to another crate is taken as that crate's type, unknown to us).

// Type is what the resolver knows of a value's type. The zero Type is unknown.
type Type struct {
	// Path is the type's path resolved through the imports: "std::sync::Mutex",
	// "tokio::sync::RwLock", "crate::net::PacketReader", or a bare name for a type declared
	// in the file ("PacketReader", with Crate set) or one nothing in the file explains (with
	// Guess set). Primitive and other built-in shapes: "u8", "()", "[]" (arrays, slices),
	// "(..)" (tuples), "impl Future" (a future; its one argument is the output), "fn",
	// "*ptr" (a raw pointer).
	Path string
	Args []Type // generic type arguments (lifetimes and const arguments are dropped)
	// Crate: a type of this crate (a struct, enum, union or alias), looked up by its name.
	Crate bool
	// Guess: a bare name no `use` or item of the file explains (a glob import, an item of a
	// parent module): the crate's type of that name if it has one, else unknown.
	Guess bool
	q     *typeQuery // non-nil: another file of the crate must tell the rest
}

// Known reports whether the type is known (not unknown, not pending, not a guess).
func (ty Type) Known() bool { return ty.Path != "" && ty.q == nil && !ty.Guess }

// Pending reports whether another file of the crate must complete the type.
func (ty Type) Pending() bool { return ty.q != nil }

// Name is the last segment of the type's path.
func (ty Type) Name() string { return LastSegment(ty.Path) }

// Arg returns the i-th generic argument, or the unknown Type.
func (ty Type) Arg(i int) Type {
	if i >= 0 && i < len(ty.Args) {
		return ty.Args[i]
	}
	return Type{}
}

// lastArg returns the last generic argument (the value type of `lock_api::MutexGuard<'a, R, T>`
// as of `Arc<T>`).
func (ty Type) lastArg() Type { return ty.Arg(len(ty.Args) - 1) }

func (ty Type) String() string {
	if ty.q != nil {
		return "pending(" + ty.q.String() + ")"
	}
	if ty.Path == "" {
		return "_"
	}
	s := ty.Path
	if ty.Guess {
		s = "?" + s
	}
	if len(ty.Args) > 0 {
		parts := make([]string, len(ty.Args))
		for i, a := range ty.Args {
			parts[i] = a.String()
		}
		s += "<" + strings.Join(parts, ", ") + ">"
	}
	return s
}

// typeOp is one step of a pending type's question.
type typeOp uint8

const (
	opField  typeOp = iota + 1 // `.name`
	opMethod                   // `.name(..)`
	opAssoc                    // `Type::name(..)`: an associated function of the base type
	opAwait                    // `.await`
	opTry                      // `?`
	opDeref                    // `*x`
	opIndex                    // `x[i]`
	opFn                       // `name(..)`: a free fn of the crate (the base is ignored)
	opStatic                   // `NAME`: a static or const of the crate (the base is ignored)
)

type typeStep struct {
	op   typeOp
	name string
}

// typeQuery is a type another file must complete: base, then the steps in order.
type typeQuery struct {
	base  Type
	steps []typeStep
}

func (q *typeQuery) String() string {
	var b strings.Builder
	b.WriteString(q.base.String())
	for _, s := range q.steps {
		switch s.op {
		case opField:
			b.WriteString("." + s.name)
		case opMethod:
			b.WriteString("." + s.name + "()")
		case opAssoc:
			b.WriteString("::" + s.name + "()")
		case opAwait:
			b.WriteString(".await")
		case opTry:
			b.WriteString("?")
		case opDeref:
			b.WriteString(".*")
		case opIndex:
			b.WriteString("[]")
		case opFn:
			b.WriteString(" fn " + s.name + "()")
		case opStatic:
			b.WriteString(" static " + s.name)
		}
	}
	return b.String()
}

// typePending returns the pending type "base, then st".
func typePending(base Type, st typeStep) Type {
	if base.q != nil {
		return Type{q: &typeQuery{base: base.q.base, steps: append(slices.Clip(base.q.steps), st)}}
	}
	return Type{q: &typeQuery{base: base, steps: []typeStep{st}}}
}

// ---- Knowledge of std and common crates, as data ----

// typeCanonPrefixes rewrite re-exports to one spelling: `core::cell::RefCell` is
// `std::cell::RefCell`.
var typeCanonPrefixes = [][2]string{
	{"core::", "std::"}, {"alloc::", "std::"}, {"futures_util::", "futures::"},
	{"futures_core::", "futures::"}, {"std::sync::mutex::", "std::sync::"}, {"std::sync::rwlock::", "std::sync::"},
	{"std::io::stdio::", "std::io::"}, {"std::sync::lazy_lock::", "std::sync::"},
}

func typeCanon(path string) string {
	for _, p := range typeCanonPrefixes {
		if strings.HasPrefix(path, p[0]) {
			path = p[1] + path[len(p[0]):]
		}
	}
	return path
}

// typePrelude are the type names the std prelude brings into scope.
var typePrelude = map[string]string{
	"Box": "std::boxed::Box", "Vec": "std::vec::Vec", "String": "std::string::String",
	"Option": "std::option::Option", "Result": "std::result::Result",
}

// typeGlobModules are the modules whose glob import (`use std::sync::*;`) we can expand:
// the names of their types that matter here.
var typeGlobModules = map[string][]string{
	"std::sync":            {"Arc", "Mutex", "RwLock", "MutexGuard", "RwLockReadGuard", "RwLockWriteGuard", "LazyLock", "OnceLock"},
	"std::cell":            {"RefCell", "Cell", "Ref", "RefMut", "LazyCell", "OnceCell"},
	"std::rc":              {"Rc"},
	"tokio::sync":          {"Mutex", "RwLock", "Semaphore", "MutexGuard", "RwLockReadGuard", "RwLockWriteGuard", "OwnedMutexGuard", "Notify"},
	"parking_lot":          {"Mutex", "RwLock", "ReentrantMutex", "FairMutex", "MutexGuard", "RwLockReadGuard", "RwLockWriteGuard"},
	"futures::lock":        {"Mutex", "MutexGuard"},
	"async_lock":           {"Mutex", "RwLock", "Semaphore"},
	"async_std::sync":      {"Arc", "Mutex", "RwLock"},
	"tokio::sync::watch":   {"Receiver", "Sender"},
	"tokio::sync::mpsc":    {"Receiver", "Sender", "UnboundedReceiver", "UnboundedSender"},
	"tokio::sync::oneshot": {"Receiver", "Sender"},
}

// typeDerefWrappers are types that deref to their last generic argument: smart pointers,
// lazies, framework extractors and lock guards. Field access and method calls see through
// them, as Rust's auto-deref does.
var typeDerefWrappers = map[string]bool{
	"std::sync::Arc": true, "std::rc::Rc": true, "std::boxed::Box": true, "std::pin::Pin": true,
	"std::sync::LazyLock": true, "std::cell::LazyCell": true, "std::mem::ManuallyDrop": true,
	"std::borrow::Cow": true, "once_cell::sync::Lazy": true, "once_cell::unsync::Lazy": true,
	"triomphe::Arc": true, "crossbeam_utils::CachePadded": true, "crossbeam::utils::CachePadded": true,
	"actix_web::web::Data": true, "axum::extract::State": true, "axum::Extension": true,
	"axum::extract::Extension": true, "async_std::sync::Arc": true,
	// guards deref to the value they guard
	"std::sync::MutexGuard": true, "std::sync::RwLockReadGuard": true, "std::sync::RwLockWriteGuard": true,
	"std::sync::MappedMutexGuard": true, "std::cell::Ref": true, "std::cell::RefMut": true,
	"parking_lot::MutexGuard": true, "parking_lot::RwLockReadGuard": true, "parking_lot::RwLockWriteGuard": true,
	"parking_lot::RwLockUpgradableReadGuard": true, "parking_lot::ReentrantMutexGuard": true,
	"parking_lot::MappedMutexGuard": true, "parking_lot::FairMutexGuard": true,
	"parking_lot::ArcMutexGuard": true, "parking_lot::ArcRwLockReadGuard": true, "parking_lot::ArcRwLockWriteGuard": true,
	"lock_api::MutexGuard": true, "lock_api::RwLockReadGuard": true, "lock_api::RwLockWriteGuard": true,
	"spin::MutexGuard": true, "spin::RwLockReadGuard": true, "spin::RwLockWriteGuard": true,
	"tokio::sync::MutexGuard": true, "tokio::sync::OwnedMutexGuard": true, "tokio::sync::RwLockReadGuard": true,
	"tokio::sync::RwLockWriteGuard": true, "tokio::sync::OwnedRwLockReadGuard": true,
	"tokio::sync::OwnedRwLockWriteGuard": true, "tokio::sync::watch::Ref": true,
	"futures::lock::MutexGuard": true, "futures::lock::OwnedMutexGuard": true,
	"async_lock::MutexGuard": true, "async_lock::RwLockReadGuard": true, "async_lock::RwLockWriteGuard": true,
}

// typeResultLike are the types whose `?`, `unwrap()` and `expect(..)` give their first
// argument (besides any type named Result or Option).
var typeResultLike = map[string]bool{
	"std::sync::LockResult": true, "std::sync::TryLockResult": true, "std::io::Result": true,
}

// typeMethodTable is what the methods of common std and async types return. In a template,
// T is the receiver's first generic argument and U its second; "impl Future<X>" is a future
// whose output is X. It is looked up on the receiver's type and then, for the smart pointers
// and guards of typeDerefWrappers, on what they deref to.
var typeMethodTable = map[string]map[string]string{
	"std::sync::Mutex": {
		"lock": "std::sync::LockResult<std::sync::MutexGuard<T>>", "try_lock": "std::sync::TryLockResult<std::sync::MutexGuard<T>>",
		"get_mut": "std::sync::LockResult<T>", "into_inner": "std::sync::LockResult<T>", "is_poisoned": "bool",
	},
	"std::sync::RwLock": {
		"read": "std::sync::LockResult<std::sync::RwLockReadGuard<T>>", "write": "std::sync::LockResult<std::sync::RwLockWriteGuard<T>>",
		"try_read": "std::sync::TryLockResult<std::sync::RwLockReadGuard<T>>", "try_write": "std::sync::TryLockResult<std::sync::RwLockWriteGuard<T>>",
		"get_mut": "std::sync::LockResult<T>", "into_inner": "std::sync::LockResult<T>", "is_poisoned": "bool",
	},
	"std::cell::RefCell": {
		"borrow": "std::cell::Ref<T>", "borrow_mut": "std::cell::RefMut<T>",
		"try_borrow":     "std::result::Result<std::cell::Ref<T>, std::cell::BorrowError>",
		"try_borrow_mut": "std::result::Result<std::cell::RefMut<T>, std::cell::BorrowMutError>",
		"get_mut":        "T", "into_inner": "T", "take": "T", "replace": "T",
	},
	"std::io::Stdout": {"lock": "std::io::StdoutLock"},
	"std::io::Stderr": {"lock": "std::io::StderrLock"},
	"std::io::Stdin":  {"lock": "std::io::StdinLock"},
	"parking_lot::Mutex": {
		"lock": "parking_lot::MutexGuard<T>", "try_lock": "std::option::Option<parking_lot::MutexGuard<T>>",
		"get_mut": "T", "into_inner": "T",
	},
	"parking_lot::FairMutex":      {"lock": "parking_lot::FairMutexGuard<T>", "try_lock": "std::option::Option<parking_lot::FairMutexGuard<T>>"},
	"parking_lot::ReentrantMutex": {"lock": "parking_lot::ReentrantMutexGuard<T>", "try_lock": "std::option::Option<parking_lot::ReentrantMutexGuard<T>>"},
	"parking_lot::RwLock": {
		"read": "parking_lot::RwLockReadGuard<T>", "write": "parking_lot::RwLockWriteGuard<T>",
		"read_recursive": "parking_lot::RwLockReadGuard<T>", "upgradable_read": "parking_lot::RwLockUpgradableReadGuard<T>",
		"try_read": "std::option::Option<parking_lot::RwLockReadGuard<T>>", "try_write": "std::option::Option<parking_lot::RwLockWriteGuard<T>>",
		"get_mut": "T", "into_inner": "T",
	},
	"spin::Mutex":  {"lock": "spin::MutexGuard<T>", "try_lock": "std::option::Option<spin::MutexGuard<T>>"},
	"spin::RwLock": {"read": "spin::RwLockReadGuard<T>", "write": "spin::RwLockWriteGuard<T>"},
	"tokio::sync::Mutex": {
		"lock": "impl Future<tokio::sync::MutexGuard<T>>", "lock_owned": "impl Future<tokio::sync::OwnedMutexGuard<T>>",
		"try_lock":       "std::result::Result<tokio::sync::MutexGuard<T>, tokio::sync::TryLockError>",
		"try_lock_owned": "std::result::Result<tokio::sync::OwnedMutexGuard<T>, tokio::sync::TryLockError>",
		"blocking_lock":  "tokio::sync::MutexGuard<T>", "get_mut": "T", "into_inner": "T",
	},
	"tokio::sync::RwLock": {
		"read": "impl Future<tokio::sync::RwLockReadGuard<T>>", "write": "impl Future<tokio::sync::RwLockWriteGuard<T>>",
		"read_owned": "impl Future<tokio::sync::OwnedRwLockReadGuard<T>>", "write_owned": "impl Future<tokio::sync::OwnedRwLockWriteGuard<T>>",
		"try_read":      "std::result::Result<tokio::sync::RwLockReadGuard<T>, tokio::sync::TryLockError>",
		"try_write":     "std::result::Result<tokio::sync::RwLockWriteGuard<T>, tokio::sync::TryLockError>",
		"blocking_read": "tokio::sync::RwLockReadGuard<T>", "blocking_write": "tokio::sync::RwLockWriteGuard<T>",
		"get_mut": "T", "into_inner": "T",
	},
	"tokio::sync::watch::Receiver": {
		"borrow": "tokio::sync::watch::Ref<T>", "borrow_and_update": "tokio::sync::watch::Ref<T>",
		"changed": "impl Future<std::result::Result<(), tokio::sync::watch::error::RecvError>>",
	},
	"tokio::sync::watch::Sender": {"borrow": "tokio::sync::watch::Ref<T>"},
	"futures::lock::Mutex": {
		"lock": "impl Future<futures::lock::MutexGuard<T>>", "lock_owned": "impl Future<futures::lock::OwnedMutexGuard<T>>",
		"try_lock": "std::option::Option<futures::lock::MutexGuard<T>>", "get_mut": "T", "into_inner": "T",
	},
	"async_lock::Mutex": {
		"lock": "impl Future<async_lock::MutexGuard<T>>", "try_lock": "std::option::Option<async_lock::MutexGuard<T>>",
		"lock_blocking": "async_lock::MutexGuard<T>",
	},
	"async_lock::RwLock": {
		"read": "impl Future<async_lock::RwLockReadGuard<T>>", "write": "impl Future<async_lock::RwLockWriteGuard<T>>",
		"try_read": "std::option::Option<async_lock::RwLockReadGuard<T>>", "try_write": "std::option::Option<async_lock::RwLockWriteGuard<T>>",
	},
	"std::result::Result": {
		"unwrap": "T", "expect": "T", "unwrap_or_default": "T", "unwrap_or_else": "T", "unwrap_or": "T",
		"unwrap_unchecked": "T", "ok": "std::option::Option<T>", "map_err": "std::result::Result<T, _>",
		"context": "std::result::Result<T, _>", "with_context": "std::result::Result<T, _>", "wrap_err": "std::result::Result<T, _>",
		"as_ref": "std::result::Result<T, U>", "as_mut": "std::result::Result<T, U>", "err": "std::option::Option<U>",
	},
	"std::option::Option": {
		"unwrap": "T", "expect": "T", "unwrap_or_default": "T", "unwrap_or_else": "T", "unwrap_or": "T",
		"unwrap_unchecked": "T", "as_ref": "std::option::Option<T>", "as_mut": "std::option::Option<T>",
		"take": "std::option::Option<T>", "cloned": "std::option::Option<T>", "copied": "std::option::Option<T>",
		"ok_or": "std::result::Result<T, _>", "ok_or_else": "std::result::Result<T, _>", "context": "std::result::Result<T, _>",
	},
	"std::sync::Arc":  {"clone": "std::sync::Arc<T>", "as_ref": "T"},
	"std::rc::Rc":     {"clone": "std::rc::Rc<T>", "as_ref": "T"},
	"std::boxed::Box": {"as_ref": "T", "as_mut": "T"},
	"std::pin::Pin":   {"as_mut": "std::pin::Pin<T>", "as_ref": "std::pin::Pin<T>", "get_mut": "T"},
}

// typeFreeFns are what some std functions return.
var typeFreeFns = map[string]string{
	"std::io::stdout": "std::io::Stdout", "std::io::stderr": "std::io::Stderr", "std::io::stdin": "std::io::Stdin",
}

// typeCtorNames are associated functions that return the type they are called on, for
// types whose own declaration we cannot read (std and other crates) or that the crate
// declares without such a function (derived `Default`).
var typeCtorNames = map[string]bool{
	"new": true, "default": true, "const_new": true, "with_capacity": true, "from": true,
	"new_with": true, "with_hasher": true, "new_const": true,
}

// typeWrapperCtors wrap their one argument: `Arc::new(Mutex::new(x))` is `Arc<Mutex<X>>`.
var typeWrapperCtors = map[string]bool{
	"std::sync::Arc": true, "std::rc::Rc": true, "std::boxed::Box": true, "std::sync::Mutex": true,
	"std::sync::RwLock": true, "std::cell::RefCell": true, "std::cell::Cell": true,
	"parking_lot::Mutex": true, "parking_lot::RwLock": true, "parking_lot::ReentrantMutex": true,
	"parking_lot::FairMutex": true, "spin::Mutex": true, "spin::RwLock": true, "tokio::sync::Mutex": true,
	"tokio::sync::RwLock": true, "futures::lock::Mutex": true, "async_lock::Mutex": true,
	"async_lock::RwLock": true, "std::pin::Pin": true, "triomphe::Arc": true, "actix_web::web::Data": true,
	"std::option::Option": true,
}

// typeTemplate parses a template of typeMethodTable with T and U bound.
func typeTemplate(s string, t, u Type) Type {
	ty, _ := typeParseText(s, 0, t, u)
	return ty
}

func typeParseText(s string, i int, t, u Type) (Type, int) {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	j := i
	for j < len(s) && s[j] != '<' && s[j] != '>' && s[j] != ',' {
		j++
	}
	name := strings.TrimSpace(s[i:j])
	var ty Type
	switch name {
	case "T":
		ty = t
	case "U":
		ty = u
	case "_":
	default:
		ty = Type{Path: name}
	}
	if j < len(s) && s[j] == '<' {
		j++
		for {
			var a Type
			a, j = typeParseText(s, j, t, u)
			ty.Args = append(ty.Args, a)
			if j >= len(s) || s[j] == '>' {
				j++
				break
			}
			j++ // ','
		}
	}
	return ty, j
}

// ---- Facts: the items of one file ----

// typeItem is a struct, enum, union or type alias of the crate.
type typeItem struct {
	Kind   byte            // 's' struct, 'e' enum, 'u' union, 'a' alias, 't' trait
	Fields map[string]Type // named fields, and "0", "1" .. of a tuple struct
	// Params is the number of a struct's type parameters, which stand in Fields as "$0",
	// "$1" .. (typeAliasParam); use fieldOf, which puts a value's type arguments in.
	Params int
	Alias  Type // the aliased type; the alias's type parameters in it are "$0", "$1" ..
	// Defaults are the alias's type parameters' defaults (`type Result<T, E = Error>`), an
	// unknown type for one without.
	Defaults []Type
}

// fieldOf returns the type of a struct's field name for a value whose type arguments are
// args: a generic struct's parameters are filled in when there are as many arguments as
// parameters, and unknown otherwise.
func (it *typeItem) fieldOf(name string, args []Type) (Type, bool) {
	f, ok := it.Fields[name]
	if !ok || it.Params == 0 {
		return f, ok
	}
	if len(args) != it.Params {
		args = nil
	}
	return typeSubst(f, args, nil), true
}

// typeParamPlaces maps the type parameters of item it (a struct, an alias) to their places
// in its list, lifetimes and consts aside, and calls each (when not nil) with every one in
// order. Nil when it has none.
func typeParamPlaces(t *parser.Tree, it parser.NodeID, each func(param parser.NodeID)) map[string]int {
	tp := t.FirstChildOfKind(it, kTypeParameters)
	if tp < 0 {
		return nil
	}
	places := map[string]int{}
	t.Children(tp, func(c parser.NodeID) bool {
		if t.Is(c, kTypeParameter) {
			places[t.Text(t.Field(c, parser.FName))] = len(places)
			if each != nil {
				each(c)
			}
		}
		return true
	})
	return places
}

// typeAliasParam is how an alias's type parameter i stands in its aliased type.
func typeAliasParam(i int) Type { return Type{Path: "$" + itoa(i)} }

// typeSubst puts an alias's type arguments (or the parameters' defaults) in place of its
// parameters in the aliased type.
func typeSubst(ty Type, args, defaults []Type) Type {
	if strings.HasPrefix(ty.Path, "$") {
		i, err := strconv.Atoi(ty.Path[1:])
		switch {
		case err != nil:
			return Type{}
		case i < len(args):
			return args[i]
		case i < len(defaults):
			return defaults[i]
		}
		return Type{}
	}
	if len(ty.Args) == 0 {
		return ty
	}
	out := ty
	out.Args = make([]Type, len(ty.Args))
	for i, a := range ty.Args {
		out.Args[i] = typeSubst(a, args, defaults)
	}
	return out
}

// typeFn is a fn or method of the crate: what it returns.
type typeFn struct {
	Ret   Type
	Async bool
	// RetRef: the declared return type is a reference (`&T`, `&mut T`); Ret is T, as
	// references are dropped everywhere else.
	RetRef bool
}

// fileTypes are the facts of one file, recorded under typeFactKey for the crate and used
// directly for the file's own questions.
type fileTypes struct {
	Path    string
	Items   map[string][]*typeItem // by name
	Methods map[string][]typeFn    // by "Type::method" (associated fns too)
	Fns     map[string][]typeFn    // free fns by name
	Statics map[string][]Type      // statics and consts by name
	Derefs  map[string][]Type      // Deref::Target by type name
	Mods    map[string]bool        // `mod name` declared in the file

	edition2015 bool // paths start at the crate root, not at an external crate
}

var typeFactKey = NewFactKey[*fileTypes]("types.file")

// recordTypeFacts records the file's type facts once (whichever rule asks first). A rule
// calls it from its KSourceFile visit, so that files without anything to check still tell
// the crate about their types.
func recordTypeFacts(p *Pass) { p.fileTypes() }

// fileTypes returns the file's type facts, collecting and recording them on first use.
func (p *Pass) fileTypes() *fileTypes {
	if v := Recorded(p, typeFactKey); len(v) > 0 {
		return v[0]
	}
	ft := collectFileTypes(p.Tree, p.Info.Path, p.Info.Edition)
	Record(p, typeFactKey, ft)
	return ft
}

// collectFileTypes reads the items of a file (not those inside function bodies).
func collectFileTypes(t *parser.Tree, path, edition string) *fileTypes {
	ft := &fileTypes{
		Path: path, edition2015: edition == "2015", Items: map[string][]*typeItem{}, Methods: map[string][]typeFn{}, Fns: map[string][]typeFn{},
		Statics: map[string][]Type{}, Derefs: map[string][]Type{}, Mods: map[string]bool{},
	}
	// First the names, so that conversion knows which names are the file's own types.
	var items []parser.NodeID
	var walk func(n parser.NodeID)
	walk = func(n parser.NodeID) {
		for c := t.Nodes[n].FirstChild; c >= 0; c = t.Nodes[c].Next {
			switch t.Kind(c) {
			case parser.KStructItem, parser.KEnumItem, parser.KUnionItem, parser.KTypeItem, parser.KTraitItem:
				ft.Items[t.Text(t.Field(c, parser.FName))] = nil
				items = append(items, c)
			case parser.KImplItem, parser.KStaticItem, parser.KConstItem, parser.KFunctionItem:
				items = append(items, c)
			case parser.KModItem:
				ft.Mods[t.Text(t.Field(c, parser.FName))] = true
				if b := t.Field(c, parser.FBody); b >= 0 {
					walk(b)
				}
			case parser.KMacroInvocation:
				walk(c) // item macros (cfg_if!) whose bodies were re-parsed
			case parser.KMacroBody, parser.KDeclarationList:
				walk(c)
			}
		}
	}
	walk(t.Root())
	for _, it := range items {
		ctx := &typeCtx{t: t, ft: ft, params: typeParamsOf(t, it, nil)}
		name := t.Text(t.Field(it, parser.FName))
		switch t.Kind(it) {
		case parser.KStructItem, parser.KUnionItem:
			kind := byte('s')
			if t.Is(it, parser.KUnionItem) {
				kind = 'u'
			}
			ctx.self = Type{Path: name, Crate: true}
			ti := &typeItem{Kind: kind, Fields: map[string]Type{}}
			// A generic struct's type parameters stand in its field types by their place
			// (`struct HttpClient<C> { client: C }`: `client` is "$0"), which a value's type
			// arguments fill (field).
			ctx.aliasParams = typeParamPlaces(t, it, nil)
			ti.Params = len(ctx.aliasParams)
			body := t.Field(it, parser.FBody)
			i := 0
			t.Children(max(body, it), func(f parser.NodeID) bool {
				if body < 0 {
					return false // a unit struct
				}
				switch {
				case t.Is(f, parser.KFieldDeclaration):
					ti.Fields[t.Text(t.Field(f, parser.FName))] = ctx.convert(t.Field(f, parser.FType))
				case t.Nodes[f].Field == parser.FType:
					ti.Fields[itoa(i)] = ctx.convert(f)
					i++
				}
				return true
			})
			ft.Items[name] = append(ft.Items[name], ti)
		case parser.KEnumItem:
			ft.Items[name] = append(ft.Items[name], &typeItem{Kind: 'e'})
		case parser.KTraitItem:
			ft.Items[name] = append(ft.Items[name], &typeItem{Kind: 't'})
			// Its methods' signatures answer calls on `dyn Trait` and `impl Trait` values
			// (`self.clock.ticker(d)` with `clock: Arc<dyn Clock>`); `Self` is unknown there.
			if body := t.Field(it, parser.FBody); body >= 0 {
				t.Children(body, func(f parser.NodeID) bool {
					if t.Is(f, parser.KFunctionItem) || t.Is(f, parser.KFunctionSignatureItem) {
						fctx := &typeCtx{t: t, ft: ft, params: typeParamsOf(t, f, ctx.params)}
						key := name + "::" + t.Text(t.Field(f, parser.FName))
						ft.Methods[key] = append(ft.Methods[key], fctx.fnOf(f))
					}
					return true
				})
			}
		case parser.KTypeItem:
			ti := &typeItem{Kind: 'a'}
			ctx.aliasParams = typeParamPlaces(t, it, func(c parser.NodeID) {
				ti.Defaults = append(ti.Defaults, ctx.convert(t.Field(c, parser.FDefaultType)))
			})
			ti.Alias = ctx.convert(t.Field(it, parser.FType))
			ft.Items[name] = append(ft.Items[name], ti)
		case parser.KStaticItem, parser.KConstItem:
			ft.Statics[name] = append(ft.Statics[name], ctx.convert(t.Field(it, parser.FType)))
		case parser.KFunctionItem:
			ft.Fns[name] = append(ft.Fns[name], ctx.fnOf(it))
		case parser.KImplItem:
			typeName := implTypeCompact(t, it)
			if typeName == "" {
				break
			}
			ctx.self = ctx.convert(t.Field(it, parser.FType))
			deref := false
			if tr := t.Field(it, parser.FTrait); tr >= 0 {
				deref = LastSegment(strings.Join(strings.Fields(t.Text(tr)), "")) == "Deref"
			}
			body := t.Field(it, parser.FBody)
			if body < 0 {
				break
			}
			t.Children(body, func(f parser.NodeID) bool {
				switch {
				case t.Is(f, parser.KFunctionItem):
					fctx := &typeCtx{t: t, ft: ft, params: typeParamsOf(t, f, ctx.params), self: ctx.self}
					key := typeName + "::" + t.Text(t.Field(f, parser.FName))
					ft.Methods[key] = append(ft.Methods[key], fctx.fnOf(f))
				case deref && t.Is(f, parser.KTypeItem) && t.TextIs(t.Field(f, parser.FName), "Target"):
					ft.Derefs[typeName] = append(ft.Derefs[typeName], ctx.convert(t.Field(f, parser.FType)))
				}
				return true
			})
		}
	}
	return ft
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// typeParamsOf adds the type parameters that item n declares to outer.
func typeParamsOf(t *parser.Tree, n parser.NodeID, outer map[string]bool) map[string]bool {
	tp := t.FirstChildOfKind(n, kTypeParameters)
	if tp < 0 {
		return outer
	}
	out := map[string]bool{}
	for k := range outer {
		out[k] = true
	}
	t.Children(tp, func(c parser.NodeID) bool {
		switch t.Kind(c) {
		case kTypeParameter:
			out[t.Text(t.Field(c, parser.FName))] = true
		case parser.KTypeIdentifier:
			out[t.Text(c)] = true
		}
		return true
	})
	return out
}

// ---- Converting written types ----

// typeCtx is what converting a written type needs: the file, its items, the type parameters
// in scope and what Self is.
type typeCtx struct {
	t      *parser.Tree
	ft     *fileTypes
	params map[string]bool
	self   Type
	// aliasParams are a type alias's own type parameters, by their place in its list.
	aliasParams map[string]int
}

// fnOf converts the signature of a fn.
func (c *typeCtx) fnOf(fn parser.NodeID) typeFn {
	f := typeFn{Async: IsAsyncFn(c.t, fn), Ret: Type{Path: "()"}}
	if rt := c.t.Field(fn, parser.FReturnType); rt >= 0 {
		f.Ret = c.convert(rt)
		f.RetRef = c.t.Is(rt, parser.KReferenceType)
	}
	return f
}

// convert turns a type node into a Type.
func (c *typeCtx) convert(n parser.NodeID) Type {
	t := c.t
	if n < 0 {
		return Type{}
	}
	switch t.Kind(n) {
	case parser.KTypeIdentifier:
		return c.named(t.Text(n))
	case parser.KScopedTypeIdentifier:
		path := joinFields(t.Text(n), "")
		if strings.HasPrefix(path, "Self::") || strings.Contains(path, "<") {
			return Type{} // an associated type, a qualified path
		}
		return c.path(t.Imports.Resolve(path))
	case parser.KGenericType, kGenericTypeTurbofish:
		base := c.convert(t.Field(n, parser.FType))
		if base.Path == "" || base.q != nil {
			return Type{}
		}
		if args := t.FirstChildOfKind(n, parser.KTypeArguments); args >= 0 {
			base.Args = nil
			t.Children(args, func(a parser.NodeID) bool {
				switch t.Kind(a) {
				case parser.KLifetime, kTypeBinding, parser.KIntegerLiteral, parser.KBlock:
				default:
					if t.IsNamed(a) && !t.IsComment(a) {
						base.Args = append(base.Args, c.convert(a))
					}
				}
				return true
			})
		}
		return base
	case parser.KReferenceType:
		return c.convert(t.Field(n, parser.FType))
	case kBoundedType:
		// `dyn Clock + Send`: the trait object's first bound (other bounded types, such as
		// `impl Future + Send`, stay as they were: unknown)
		if first := t.NamedChild(n, 0); t.Is(first, kDynamicType) {
			return c.convert(first)
		}
	case kDynamicType:
		// `dyn Clock` (`dyn Clock + Send`): the crate's trait, whose methods the calls on
		// it run; another crate's trait object stays unknown.
		if ty := c.convert(t.Field(n, parser.FTrait)); ty.Crate {
			return ty
		}
		return Type{}
	case kPointerType:
		// a raw pointer does not auto-deref: `ptr.read()` reads through it
		return Type{Path: "*ptr", Args: []Type{c.convert(t.Field(n, parser.FType))}}
	case parser.KPrimitiveType:
		return Type{Path: t.Text(n)}
	case kUnitType:
		return Type{Path: "()"}
	case parser.KTupleType:
		tup := Type{Path: "(..)"}
		t.Children(n, func(e parser.NodeID) bool {
			if t.IsNamed(e) && !t.IsComment(e) {
				tup.Args = append(tup.Args, c.convert(e))
			}
			return true
		})
		return tup
	case parser.KArrayType:
		return Type{Path: "[]", Args: []Type{c.convert(t.Field(n, parser.FElement))}}
	case kFunctionType:
		return Type{Path: "fn"}
	case parser.KNeverType:
		return Type{Path: "!"}
	case kAbstractType:
		// `impl Future<Output = X>`: a future of X; other `impl Trait`s are unknown
		tr := t.Field(n, parser.FTrait)
		if t.Is(tr, parser.KGenericType) && LastSegment(t.Text(t.Field(tr, parser.FType))) == "Future" {
			out := Type{}
			if args := t.FirstChildOfKind(tr, parser.KTypeArguments); args >= 0 {
				t.Children(args, func(a parser.NodeID) bool {
					if t.Is(a, kTypeBinding) && t.TextIs(t.Field(a, parser.FName), "Output") {
						out = c.convert(t.Field(a, parser.FType))
					}
					return true
				})
			}
			return Type{Path: "impl Future", Args: []Type{out}}
		}
	}
	return Type{}
}

// named converts a one-segment type name.
func (c *typeCtx) named(name string) Type {
	if i, ok := c.aliasParams[name]; ok {
		return typeAliasParam(i)
	}
	switch {
	case c.params[name]:
		return Type{}
	case name == "Self":
		return c.self
	}
	if full, ok := c.t.Imports.Names[name]; ok {
		return c.path(full)
	}
	if _, ok := c.ft.Items[name]; ok {
		return Type{Path: name, Crate: true}
	}
	if full, ok := typePrelude[name]; ok {
		return Type{Path: full}
	}
	for _, g := range c.t.Imports.Globs {
		for _, n := range typeGlobModules[typeCanon(g)] {
			if n == name {
				return Type{Path: typeCanon(g) + "::" + name}
			}
		}
	}
	return Type{Path: name, Guess: true}
}

// path converts a path resolved through the imports.
func (c *typeCtx) path(full string) Type {
	first, _, scoped := strings.Cut(full, "::")
	if !scoped {
		if full == "Self" {
			return c.self
		}
		if _, ok := c.ft.Items[full]; ok {
			return Type{Path: full, Crate: true}
		}
		if p, ok := typePrelude[full]; ok {
			return Type{Path: p}
		}
		return Type{Path: full, Guess: true}
	}
	switch {
	case first == "crate" || first == "self" || first == "super" || c.ft.Mods[first]:
		return Type{Path: full, Crate: true}
	case first == "Self":
		return Type{}
	case c.ft.edition2015 && !typeWellKnownCrates[first] && first != "std" && first != "core" && first != "alloc":
		return Type{Path: full, Crate: true}
	}
	return Type{Path: typeCanon(full)}
}

// typeWellKnownCrates are crates whose types we know by name: a type of theirs that the
// lock tables do not list holds no lock. Types of other crates (a workspace's own crates
// among them, where `type Shared = Arc<Mutex<State>>` may live) stay unknown.
var typeWellKnownCrates = map[string]bool{
	"std": true, "tokio": true, "futures": true, "async_std": true, "smol": true, "compio": true,
	"hyper": true, "http": true, "h2": true, "tungstenite": true, "tokio_tungstenite": true,
	"async_tungstenite": true, "bytes": true, "reqwest": true, "quinn": true, "rustls": true,
	"tokio_rustls": true, "mio": true, "serde": true, "serde_json": true, "axum": true,
	"actix_web": true, "actix": true, "tonic": true, "tower": true, "tokio_util": true,
	"tokio_stream": true, "async_channel": true, "crossbeam_channel": true, "flume": true,
	"parking_lot": true, "spin": true, "lock_api": true, "async_lock": true, "once_cell": true,
	"crossbeam": true, "crossbeam_utils": true, "triomphe": true, "tracing": true, "log": true,
	"anyhow": true, "thiserror": true, "url": true, "uuid": true, "chrono": true, "time": true,
	"rand": true, "regex": true, "sqlx": true, "redis": true, "rdkafka": true, "lapin": true,
}

// typeWellKnown reports whether a path (of a type that is not the crate's) names a type of
// std, of a well-known crate, or a built-in one.
func typeWellKnown(path string) bool {
	first, _, scoped := strings.Cut(path, "::")
	return !scoped || typeWellKnownCrates[first] // no `::`: a primitive or a built-in shape
}

// ---- Answering questions: the file's facts, or the crate's ----

// typeEnv answers questions about the crate's items. Each answer says whether it is complete:
// the file's own facts are not when the item is not in the file.
type typeEnv interface {
	items(name string) ([]*typeItem, bool)
	methods(typeName, method string) ([]typeFn, bool)
	fns(name string) ([]typeFn, bool)
	statics(name string) ([]Type, bool)
	derefs(typeName string) ([]Type, bool)
}

// fileEnv answers from one file's facts.
type fileEnv struct{ ft *fileTypes }

func (e fileEnv) items(name string) ([]*typeItem, bool) {
	v := e.ft.Items[name]
	return v, len(v) > 0
}
func (e fileEnv) methods(typeName, method string) ([]typeFn, bool) {
	v := e.ft.Methods[typeName+"::"+method]
	return v, len(v) > 0
}
func (e fileEnv) fns(name string) ([]typeFn, bool) {
	v := e.ft.Fns[name]
	return v, len(v) > 0
}
func (e fileEnv) statics(name string) ([]Type, bool) {
	v := e.ft.Statics[name]
	return v, len(v) > 0
}

// derefs is complete in a file only when the file has the Deref impl: another file may too.
func (e fileEnv) derefs(typeName string) ([]Type, bool) {
	v := e.ft.Derefs[typeName]
	return v, len(v) > 0
}

// crateEnv answers from every file of the crate, the asking file's own items first.
type crateEnv struct {
	files []*fileTypes
	own   *fileTypes
	all   *typeFilesOnce // files' index, when the files are a crate's (nil: search the files)
}

func crateLookup[V any](e crateEnv, get func(*fileTypes) []V) ([]V, bool) {
	if e.own != nil {
		if v := get(e.own); len(v) > 0 {
			return v, true
		}
	}
	var out []V
	for _, f := range e.files {
		out = append(out, get(f)...)
	}
	return out, true
}

func (e crateEnv) items(name string) ([]*typeItem, bool) {
	if e.all != nil {
		var own map[string][]*typeItem
		if e.own != nil {
			own = e.own.Items
		}
		return indexedLookup(own, e.all.itemIndex(), name)
	}
	return crateLookup(e, func(f *fileTypes) []*typeItem { return f.Items[name] })
}
func (e crateEnv) methods(typeName, method string) ([]typeFn, bool) {
	key := typeName + "::" + method
	if e.all != nil {
		var own map[string][]typeFn
		if e.own != nil {
			own = e.own.Methods
		}
		return indexedLookup(own, e.all.methodIndex(), key)
	}
	return crateLookup(e, func(f *fileTypes) []typeFn { return f.Methods[key] })
}

// indexedLookup is crateLookup's answer from one index of the crate's files: the file's own
// entries under key first, else every file's.
func indexedLookup[V any](own, all map[string][]V, key string) ([]V, bool) {
	if v := own[key]; len(v) > 0 {
		return v, true
	}
	return all[key], true
}
func (e crateEnv) fns(name string) ([]typeFn, bool) {
	return crateLookup(e, func(f *fileTypes) []typeFn { return f.Fns[name] })
}
func (e crateEnv) statics(name string) ([]Type, bool) {
	return crateLookup(e, func(f *fileTypes) []Type { return f.Statics[name] })
}
func (e crateEnv) derefs(typeName string) ([]Type, bool) {
	return crateLookup(e, func(f *fileTypes) []Type { return f.Derefs[typeName] })
}

// typeResolver answers type questions against an environment: the file's (where the
// answer may stay pending) or the crate's (where it is final).
type typeResolver struct {
	env typeEnv
	// ctxs holds, in the file's resolver, typeCtxAt's conversion contexts by the innermost
	// fn, impl or trait around a node (None: none); nil in a crate's.
	ctxs map[parser.NodeID]*typeCtx
}

// typeResolver is the resolver of the file being analysed: one per file, shared by every
// rule's TypeOf (so are the contexts it keeps).
func (p *Pass) typeResolver() *typeResolver {
	m := p.file
	if m.resolver == nil {
		m.resolver = &typeResolver{env: fileEnv{p.fileTypes()}, ctxs: map[parser.NodeID]*typeCtx{}}
	}
	return m.resolver
}

// typeResolver is the crate's resolver, for settling a pending type found in the file at
// path (whose own items are preferred when a name is declared several times).
func (c *Crate) typeResolver(path string) *typeResolver {
	c.types.once.Do(func() {
		c.types.byPath = map[string]*fileTypes{}
		for _, ft := range Facts(c, typeFactKey) {
			c.types.files = append(c.types.files, ft)
			c.types.byPath[ft.Path] = ft // the last one recorded under a path, as before
		}
	})
	return &typeResolver{env: crateEnv{files: c.types.files, own: c.types.byPath[path], all: &c.types}}
}

// sameTypeFile reports whether a fact about a type named name, recorded in file from, is
// about the type the code in file at means. Facts about impls are kept by the type's bare
// name, and a crate may declare a `Service` or a `State` in every module: when it declares
// more than one type of the name, a fact counts only from the same file, or from a file of
// the same directory that declares none of that name (another part of the same module).
func sameTypeFile(c *Crate, name, at, from string) bool {
	if at == from || at == "" || from == "" {
		return true
	}
	decl := c.typeDeclFiles(name)
	if len(decl) <= 1 {
		return true
	}
	return !slices.Contains(decl, from) && filepath.Dir(from) == filepath.Dir(at)
}

// typeDeclFiles returns the files of the crate that declare a type (a struct, enum, union,
// alias or trait) of the name, from the type facts the crate's files recorded.
func (c *Crate) typeDeclFiles(name string) []string {
	c.typeResolver("")
	var out []string
	for _, f := range c.types.files {
		if len(f.Items[name]) > 0 {
			out = append(out, f.Path)
		}
	}
	return out
}

// typeFilesOnce holds a crate's fileTypes facts, gathered on the first settle that asks:
// every pending type of the crate settles against the same list, rebuilt before for each.
type typeFilesOnce struct {
	once   sync.Once
	files  []*fileTypes
	byPath map[string]*fileTypes

	methodsOnce, itemsOnce sync.Once
	methods                map[string][]typeFn    // every file's Methods, in the order of files
	items                  map[string][]*typeItem // every file's Items, likewise
}

func (o *typeFilesOnce) methodIndex() map[string][]typeFn {
	o.methodsOnce.Do(func() {
		o.methods = joinTypeIndex(o.files, func(f *fileTypes) map[string][]typeFn { return f.Methods })
	})
	return o.methods
}

func (o *typeFilesOnce) itemIndex() map[string][]*typeItem {
	o.itemsOnce.Do(func() { o.items = joinTypeIndex(o.files, func(f *fileTypes) map[string][]*typeItem { return f.Items }) })
	return o.items
}

// joinTypeIndex joins one table of the files, in their order, under each key: what
// crateLookup gathers file by file. The slices are shared: callers only read them.
func joinTypeIndex[V any](files []*fileTypes, table func(*fileTypes) map[string][]V) map[string][]V {
	out := map[string][]V{}
	for _, f := range files {
		for k, v := range table(f) {
			if len(v) > 0 {
				out[k] = append(out[k], v...)
			}
		}
	}
	for k, v := range out {
		out[k] = slices.Clip(v)
	}
	return out
}

const typeMaxDepth = 8

// typeAgree returns the type every one of ts is, or unknown when they differ.
func typeAgree(ts []Type) Type {
	if len(ts) == 0 {
		return Type{}
	}
	s := ts[0].String()
	for _, x := range ts[1:] {
		if x.String() != s {
			return Type{}
		}
	}
	return ts[0]
}

func typeFnAgree(fs []typeFn) (typeFn, bool) {
	if len(fs) == 0 {
		return typeFn{}, false
	}
	for _, f := range fs[1:] {
		if f.Async != fs[0].Async || f.Ret.String() != fs[0].Ret.String() {
			return typeFn{}, false
		}
	}
	return fs[0], true
}

// ret is the type a call of f gives: a future of its return type for an async fn.
func (f typeFn) ret() Type {
	if f.Async {
		return Type{Path: "impl Future", Args: []Type{f.Ret}}
	}
	return f.Ret
}

// Norm resolves a type of the crate to what it is: an alias to its target, a guess to the
// crate's type of that name (or unknown), a pending type as far as the environment tells.
func (r *typeResolver) Norm(ty Type) Type { return r.norm(ty, 0) }

// Inner is Norm through the wrappers that deref to what they hold (typeDerefWrappers:
// `Arc`, `Box`, `Pin`, guards), as auto-deref and indexing see a value: `Pin<Box<Queue>>`
// gives `Queue`; a wrapper whose argument is not known gives unknown.
func (r *typeResolver) Inner(ty Type) Type { return r.inner(ty, 0) }

func (r *typeResolver) inner(ty Type, d int) Type {
	ty = r.norm(ty, d)
	for i := 0; i < 8 && typeDerefWrappers[ty.Path]; i++ {
		ty = r.norm(ty.lastArg(), d)
	}
	return ty
}

func (r *typeResolver) norm(ty Type, d int) Type {
	if d > typeMaxDepth {
		return Type{}
	}
	if ty.q != nil {
		cur := ty.q.base
		steps := ty.q.steps
		if len(steps) > 0 || cur.Crate || cur.Guess {
			for i, st := range steps {
				cur = r.apply(cur, st, d+1)
				if cur.q != nil {
					if rest := steps[i+1:]; len(rest) > 0 {
						cur = Type{q: &typeQuery{base: cur.q.base, steps: append(slices.Clip(cur.q.steps), rest...)}}
					}
					return cur
				}
			}
		}
		ty = cur
	}
	if !ty.Crate && !ty.Guess {
		return ty
	}
	items, complete := r.env.items(ty.Name())
	if !complete {
		return Type{q: &typeQuery{base: ty}}
	}
	if len(items) == 0 {
		return Type{}
	}
	var aliases []Type
	for _, it := range items {
		if it.Kind == 'a' {
			aliases = append(aliases, typeSubst(it.Alias, ty.Args, it.Defaults))
		}
	}
	switch {
	case len(aliases) == 0:
		return Type{Path: ty.Path, Args: ty.Args, Crate: true}
	case len(aliases) == len(items):
		return r.norm(typeAgree(aliases), d+1)
	}
	return Type{}
}

func (r *typeResolver) apply(ty Type, st typeStep, d int) Type {
	switch st.op {
	case opField:
		return r.field(ty, st.name, d)
	case opMethod:
		return r.method(ty, st.name, d)
	case opAssoc:
		return r.assoc(ty, st.name, d)
	case opAwait:
		return r.await(ty, d)
	case opTry:
		return r.try(ty, d)
	case opDeref:
		return r.deref(ty, d)
	case opIndex:
		return r.index(ty, d)
	case opFn:
		fns, complete := r.env.fns(st.name)
		if !complete {
			return typePending(Type{}, st)
		}
		if f, ok := typeFnAgree(fns); ok {
			return f.ret()
		}
	case opStatic:
		ts, complete := r.env.statics(st.name)
		if !complete {
			return typePending(Type{}, st)
		}
		return typeAgree(ts)
	}
	return Type{}
}

// autoDeref follows ty through smart pointers, guards and the crate's Deref impls while
// has says the type at hand does not answer, as Rust's auto-deref does. It returns the type
// that answers (or the last one reached), and whether the answer is pending.
func (r *typeResolver) autoDeref(ty Type, d int, has func(Type) (bool, bool)) (Type, bool) {
	for i := 0; i < 6; i++ {
		ty = r.norm(ty, d)
		if ty.q != nil {
			return ty, true
		}
		if ty.Path == "" {
			return ty, false
		}
		ok, complete := has(ty)
		if !complete {
			return ty, true
		}
		if ok {
			return ty, false
		}
		if ty.Crate {
			targets, complete := r.env.derefs(ty.Name())
			if !complete {
				// the Deref impl may be in another file; without one the answer is final
				if _, isFile := r.env.(fileEnv); isFile {
					return ty, true
				}
			}
			if len(targets) == 0 {
				return ty, false
			}
			ty = typeAgree(targets)
			continue
		}
		if typeDerefWrappers[ty.Path] {
			ty = ty.lastArg()
			continue
		}
		return ty, false
	}
	return Type{}, false
}

// field is the type of `x.name` for x of type ty.
func (r *typeResolver) field(ty Type, name string, d int) Type {
	var found Type
	owner, pending := r.autoDeref(ty, d, func(t Type) (bool, bool) {
		if t.Path == "(..)" {
			// `pair.1`: a tuple's element, when its type was written out
			if i, err := strconv.Atoi(name); err == nil && i < len(t.Args) {
				found = t.Args[i]
				return true, true
			}
			return false, true
		}
		if !t.Crate {
			return false, true
		}
		items, _ := r.env.items(t.Name())
		var fs []Type
		for _, it := range items {
			if f, ok := it.fieldOf(name, t.Args); ok {
				fs = append(fs, f)
			}
		}
		if len(fs) == 0 {
			return false, true
		}
		found = typeAgree(fs)
		return true, true
	})
	if pending {
		return typePending(owner, typeStep{opField, name})
	}
	if found.Path == "" && found.q == nil {
		return Type{}
	}
	return found
}

// MethodOwner follows auto-deref from ty to the type whose method name a call would run:
// a type of typeMethodTable that has it, a type of the crate that declares it (fn set), or
// the first type that is neither a smart pointer nor a guard nor has a Deref impl in the
// crate. pending says another file must tell.
func (r *typeResolver) MethodOwner(ty Type, name string) (owner Type, fn *typeFn, pending bool) {
	return r.methodOwner(ty, name, 0)
}

func (r *typeResolver) methodOwner(ty Type, name string, d int) (Type, *typeFn, bool) {
	var fn *typeFn
	owner, pending := r.autoDeref(ty, d, func(t Type) (bool, bool) {
		if m, ok := typeMethodTable[t.Path]; ok {
			if _, ok := m[name]; ok {
				return true, true
			}
		}
		if t.Path == "std::sync::Arc" || t.Path == "std::rc::Rc" || typeResultLikePath(t.Path) {
			return false, true
		}
		if !t.Crate {
			return false, true
		}
		fns, complete := r.env.methods(t.Name(), name)
		if !complete {
			return false, false
		}
		if len(fns) == 0 {
			return false, true
		}
		if f, ok := typeFnAgree(fns); ok {
			fn = &f
		} else {
			fn = &typeFn{} // several that disagree: unknown return
		}
		return true, true
	})
	return owner, fn, pending
}

// method is the type of `x.name(..)` for x of type ty.
func (r *typeResolver) method(ty Type, name string, d int) Type {
	switch name {
	case "clone", "to_owned":
		return ty // a clone of a reference is the value's type, and we drop references
	}
	owner, fn, pending := r.methodOwner(ty, name, d)
	if pending {
		return typePending(owner, typeStep{opMethod, name})
	}
	if fn != nil {
		return fn.ret()
	}
	if m, ok := typeMethodTable[owner.Path]; ok {
		if tpl, ok := m[name]; ok {
			return typeTemplate(tpl, owner.Arg(0), owner.Arg(1))
		}
	}
	if typeResultLikePath(owner.Path) {
		if tpl, ok := typeMethodTable["std::result::Result"][name]; ok && (name == "unwrap" || name == "expect" || strings.HasPrefix(name, "unwrap_")) {
			return typeTemplate(tpl, owner.Arg(0), Type{})
		}
	}
	return Type{}
}

// assoc is the type of `T::name(..)` (not for the wrapper constructors, which TypeOf builds
// from their argument).
func (r *typeResolver) assoc(ty Type, name string, d int) Type {
	n := r.norm(ty, d)
	if n.q != nil {
		return typePending(n, typeStep{opAssoc, name})
	}
	if n.Path == "" {
		return Type{}
	}
	if n.Crate {
		fns, complete := r.env.methods(n.Name(), name)
		if !complete {
			if _, isFile := r.env.(fileEnv); isFile {
				return typePending(n, typeStep{opAssoc, name})
			}
		}
		if len(fns) > 0 {
			if f, ok := typeFnAgree(fns); ok {
				return f.ret()
			}
			return Type{}
		}
	}
	if typeCtorNames[name] {
		return n
	}
	return Type{}
}

func (r *typeResolver) await(ty Type, d int) Type {
	ty = r.norm(ty, d)
	if ty.q != nil {
		return typePending(ty, typeStep{op: opAwait})
	}
	if ty.Path == "impl Future" {
		return ty.Arg(0)
	}
	return Type{}
}

func typeResultLikePath(path string) bool {
	if typeResultLike[path] {
		return true
	}
	n := LastSegment(path)
	return n == "Result" || n == "Option"
}

func (r *typeResolver) try(ty Type, d int) Type {
	ty = r.norm(ty, d)
	if ty.q != nil {
		return typePending(ty, typeStep{op: opTry})
	}
	if typeResultLikePath(ty.Path) {
		return ty.Arg(0)
	}
	return Type{}
}

func (r *typeResolver) deref(ty Type, d int) Type {
	ty = r.norm(ty, d)
	if ty.q != nil {
		return typePending(ty, typeStep{op: opDeref})
	}
	if typeDerefWrappers[ty.Path] {
		return ty.lastArg()
	}
	if ty.Crate {
		targets, complete := r.env.derefs(ty.Name())
		if len(targets) > 0 {
			return typeAgree(targets)
		}
		if !complete {
			if _, isFile := r.env.(fileEnv); isFile {
				return typePending(ty, typeStep{op: opDeref})
			}
		}
	}
	return ty // `*x` of a reference: we drop references
}

func (r *typeResolver) index(ty Type, d int) Type {
	ty = r.norm(ty, d)
	if ty.q != nil {
		return typePending(ty, typeStep{op: opIndex})
	}
	// `self.locks[i]` of an `Arc<Vec<Mutex<()>>>`: indexing derefs `Arc`, `Box`, `Rc` first.
	ty = r.inner(ty, d)
	switch ty.Path {
	case "[]", "std::vec::Vec", "std::collections::VecDeque", "smallvec::SmallVec":
		return ty.Arg(0)
	case "std::collections::HashMap", "std::collections::BTreeMap", "indexmap::IndexMap", "hashbrown::HashMap":
		return ty.Arg(1)
	}
	return Type{}
}

// ---- TypeOf: the type of an expression ----

// TypeOf returns the type of expression e as far as this file tells: Known, unknown (the
// zero Type), or Pending when another file of the crate must complete it (settle it with
// (*Crate).typeResolver(path).Norm). The rule must record the file's facts
// (recordTypeFacts), so it is a Check rule (a LocalPass has no TypeOf).
func (p *Pass) TypeOf(e parser.NodeID) Type {
	m := p.file
	if ty, ok := m.types[e]; ok {
		return ty
	}
	r := p.typeResolver()
	ty := r.Norm(typeOf(p.Tree, r, e, 0))
	if m.types == nil {
		m.types = map[parser.NodeID]Type{}
	}
	m.types[e] = ty
	return ty
}

func typeOf(t *parser.Tree, r *typeResolver, e parser.NodeID, depth int) Type {
	if e < 0 || depth > typeMaxDepth {
		return Type{}
	}
	e = t.Unparen(e)
	switch t.Kind(e) {
	case parser.KReferenceExpression:
		inner := t.NamedChild(e, 0)
		if t.Is(inner, parser.KMutableSpecifier) {
			inner = t.NamedChild(e, 1)
		}
		return typeOf(t, r, inner, depth+1)
	case parser.KUnaryExpression:
		if lockIsDeref(t, e) {
			return r.deref(typeOf(t, r, t.NamedChild(e, 0), depth+1), 0)
		}
	case parser.KSelf:
		return typeCtxAt(t, r, e).self
	case parser.KIdentifier:
		return typeOfLocal(t, r, e, depth)
	case parser.KScopedIdentifier:
		path := t.Imports.Resolve(joinFields(t.Text(e), ""))
		name := LastSegment(path)
		if ltStaticName(name) {
			return typeOfStatic(r, name)
		}
	case parser.KFieldExpression:
		return r.field(typeOf(t, r, t.Field(e, parser.FValue), depth+1), t.Text(t.Field(e, parser.FField)), 0)
	case parser.KCallExpression:
		return typeOfCall(t, r, e, depth)
	case parser.KStructExpression:
		name := t.Field(e, parser.FName)
		if t.Is(name, kGenericTypeTurbofish) {
			name = t.Field(name, parser.FType)
		}
		return typeCtxAt(t, r, e).convert(name)
	case parser.KAwaitExpression:
		return r.await(typeOf(t, r, t.NamedChild(e, 0), depth+1), 0)
	case parser.KTryExpression:
		return r.try(typeOf(t, r, t.NamedChild(e, 0), depth+1), 0)
	case parser.KIndexExpression:
		return r.index(typeOf(t, r, t.NamedChild(e, 0), depth+1), 0)
	case parser.KTypeCastExpression:
		return typeCtxAt(t, r, e).convert(t.Field(e, parser.FType))
	case parser.KMatchExpression:
		// `match r { Ok(v) => v, Err(e) => return .. }`: the value inside
		if guardPassesThrough(t, e) {
			return r.try(typeOf(t, r, t.Field(e, parser.FValue), depth+1), 0)
		}
	}
	return Type{}
}

// typeOfStatic is the type of a static or const named name.
func typeOfStatic(r *typeResolver, name string) Type {
	return r.apply(Type{}, typeStep{op: opStatic, name: name}, 0)
}

// typeOfLocal is the type of a variable: its `let` annotation or value, its parameter's
// type, or the value inside a `Some(x)` / `Ok(x)` pattern.
func typeOfLocal(t *parser.Tree, r *typeResolver, id parser.NodeID, depth int) Type {
	decl, let := ResolveBinding(t, id)
	if decl < 0 {
		if name := t.Text(id); ltStaticName(name) {
			return typeOfStatic(r, name)
		}
		return Type{}
	}
	if let >= 0 {
		if ty := t.Field(let, parser.FType); ty >= 0 && stripMutPattern(t, t.Field(let, parser.FPattern)) == decl {
			return typeCtxAt(t, r, let).convert(ty)
		}
		if pat := stripMutPattern(t, t.Field(let, parser.FPattern)); pat != decl {
			if ty, ok := typeOfTuplePattern(t, r, decl, pat, t.Field(let, parser.FValue), depth); ok {
				return ty
			}
			return typeOfUnwrapPattern(t, r, decl, t.Field(let, parser.FValue), depth)
		}
		return typeOf(t, r, t.Field(let, parser.FValue), depth+1)
	}
	up := t.Parent(decl)
	if t.Is(up, parser.KMutPattern) {
		up = t.Parent(up)
	}
	if t.Is(up, parser.KParameter) {
		return typeCtxAt(t, r, up).convert(t.Field(up, parser.FType))
	}
	// `if let Some(c) = x`, `match x { Ok(c) => .. }`, `while let Some(c) = x`
	for a := up; a >= 0; a = t.Parent(a) {
		switch t.Kind(a) {
		case parser.KLetCondition:
			return typeOfUnwrapPattern(t, r, decl, t.Field(a, parser.FValue), depth)
		case parser.KMatchArm:
			return typeOfUnwrapPattern(t, r, decl, t.Field(t.Parent(t.Parent(a)), parser.FValue), depth)
		case parser.KTupleStructPattern, parser.KMatchPattern, parser.KMutPattern:
			continue
		}
		break
	}
	return Type{}
}

// typeOfTuplePattern is the type of decl bound inside the tuple pattern pat (`let (n, addr,
// rest) = parse(buf)?;`, nested tuples too) matched against value; ok is false when decl
// is not bound by tuple patterns alone.
func typeOfTuplePattern(t *parser.Tree, r *typeResolver, decl, pat, value parser.NodeID, depth int) (Type, bool) {
	var idx []int
	n := decl
	if up := t.Parent(n); t.Is(up, parser.KMutPattern) {
		n = up
	}
	for n != pat {
		up := t.Parent(n)
		if !t.Is(up, parser.KTuplePattern) {
			return Type{}, false
		}
		i, at := 0, -1
		ok := true
		t.Children(up, func(c parser.NodeID) bool {
			switch {
			case t.Is(c, kRemainingField) || t.Text(c) == "..":
				ok = false // `(a, .., z)`: z's place is not its index
			case !t.IsNamed(c) || t.IsComment(c):
			default:
				if c == n {
					at = i
				}
				i++
			}
			return ok
		})
		if !ok || at < 0 {
			return Type{}, false
		}
		idx = append([]int{at}, idx...)
		n = up
	}
	ty := typeOf(t, r, value, depth+1)
	for _, i := range idx {
		ty = r.field(ty, itoa(i), 0)
	}
	return ty, true
}

// typeOfUnwrapPattern is the type of decl bound by `Some(decl)` or `Ok(decl)` matched
// against value.
func typeOfUnwrapPattern(t *parser.Tree, r *typeResolver, decl, value parser.NodeID, depth int) Type {
	up := t.Parent(decl)
	if t.Is(up, parser.KMutPattern) {
		decl, up = up, t.Parent(up)
	}
	if !t.Is(up, parser.KTupleStructPattern) || value < 0 {
		return Type{}
	}
	head := t.Text(t.Field(up, parser.FType))
	if head != "Some" && head != "Ok" || len(t.NamedChildren(up)) != 2 {
		return Type{}
	}
	return r.try(typeOf(t, r, value, depth+1), 0)
}

// typeOfCall is the type a call returns.
func typeOfCall(t *parser.Tree, r *typeResolver, call parser.NodeID, depth int) Type {
	ft := r.env.(fileEnv).ft
	if m := MethodName(t, call); m != "" {
		return r.method(typeOf(t, r, Receiver(t, call), depth+1), m, 0)
	}
	fn := Callee(t, call)
	args := Args(t, call)
	switch t.Kind(fn) {
	case parser.KIdentifier:
		name := t.Text(fn)
		if full, ok := t.Imports.Names[name]; ok && !strings.HasPrefix(full, "crate::") && !strings.HasPrefix(full, "super::") && !strings.HasPrefix(full, "self::") {
			first, _, _ := strings.Cut(full, "::")
			if !ft.Mods[first] {
				return typeOfExternalFn(full)
			}
		}
		if name != "" && name[0] >= 'A' && name[0] <= 'Z' {
			// a tuple struct's constructor
			if items := ft.Items[name]; len(items) > 0 && items[0].Kind == 's' {
				return Type{Path: name, Crate: true}
			}
			return Type{}
		}
		return r.apply(Type{}, typeStep{op: opFn, name: name}, 0)
	case parser.KScopedIdentifier:
		pathNode := t.Field(fn, parser.FPath)
		method := t.Text(t.Field(fn, parser.FName))
		if pathNode < 0 {
			return Type{}
		}
		full := t.Imports.Resolve(joinFields(t.Text(fn), ""))
		// `Arc::clone(&x)`, `Clone::clone(&x)`: the type of x
		if method == "clone" && len(args) == 1 {
			return typeOf(t, r, args[0], depth+1)
		}
		ownerText := joinFields(t.Text(pathNode), "")
		seg := LastSegment(stripGenericsText(ownerText))
		if seg == "" || seg[0] < 'A' || seg[0] > 'Z' {
			// `module::function(..)`
			if strings.HasPrefix(full, "crate::") || strings.HasPrefix(full, "super::") || strings.HasPrefix(full, "self::") {
				return r.apply(Type{}, typeStep{op: opFn, name: method}, 0)
			}
			first, _, _ := strings.Cut(full, "::")
			if ft.Mods[first] {
				return r.apply(Type{}, typeStep{op: opFn, name: method}, 0)
			}
			return typeOfExternalFn(typeCanon(full))
		}
		ctx := typeCtxAt(t, r, call)
		owner := ctx.convertPathText(pathNode)
		if owner.Path == "" && owner.q == nil {
			return Type{}
		}
		if typeWrapperCtors[owner.Path] && (method == "new" || method == "const_new" || method == "pin") && len(args) == 1 {
			inner := typeOf(t, r, args[0], depth+1)
			if owner.Path == "std::option::Option" {
				return Type{}
			}
			return Type{Path: owner.Path, Args: []Type{inner}}
		}
		return r.assoc(owner, method, 0)
	}
	return Type{}
}

// typeOfExternalFn is what a function of std (or another crate) returns, when we know.
func typeOfExternalFn(path string) Type {
	if s, ok := typeFreeFns[typeCanon(path)]; ok {
		return Type{Path: s}
	}
	return Type{}
}

func stripGenericsText(s string) string {
	var b strings.Builder
	depth := 0
	for _, c := range s {
		switch {
		case c == '<':
			depth++
		case c == '>':
			depth--
		case depth == 0:
			b.WriteRune(c)
		}
	}
	return strings.TrimSuffix(b.String(), "::")
}

// convertPathText converts the path part of `Type::function` (an identifier, a scoped
// identifier or a generic type).
func (c *typeCtx) convertPathText(n parser.NodeID) Type {
	t := c.t
	switch t.Kind(n) {
	case parser.KIdentifier:
		return c.named(t.Text(n))
	case parser.KScopedIdentifier:
		return c.path(t.Imports.Resolve(joinFields(t.Text(n), "")))
	case parser.KGenericType:
		return c.convert(n)
	}
	return Type{}
}

// typeCtxAt is the conversion context at node n: the type parameters of the fns, impls and
// traits around it, and the impl's Self.
func typeCtxAt(t *parser.Tree, r *typeResolver, n parser.NodeID) *typeCtx {
	// The context is the same for every node with the same innermost item around it: the
	// file's resolver makes it once per item (a typeCtx is never changed once made).
	item := parser.None
	t.Ancestors(n, func(a parser.NodeID) bool {
		switch t.Kind(a) {
		case parser.KFunctionItem, parser.KImplItem, parser.KTraitItem:
			item = a
			return false
		}
		return true
	})
	if ctx, ok := r.ctxs[item]; ok {
		return ctx
	}
	ctx := &typeCtx{t: t, ft: r.env.(fileEnv).ft, params: map[string]bool{}}
	var chain []parser.NodeID
	t.Ancestors(n, func(a parser.NodeID) bool {
		switch t.Kind(a) {
		case parser.KFunctionItem, parser.KImplItem, parser.KTraitItem:
			chain = append(chain, a)
		}
		return true
	})
	for i := len(chain) - 1; i >= 0; i-- {
		ctx.params = typeParamsOf(t, chain[i], ctx.params)
	}
	for _, a := range chain {
		if t.Is(a, parser.KImplItem) {
			ctx.self = ctx.convert(t.Field(a, parser.FType))
			break
		}
		if t.Is(a, parser.KTraitItem) {
			break // Self is whatever implements the trait
		}
	}
	if r.ctxs != nil {
		r.ctxs[item] = ctx
	}
	return ctx
}
