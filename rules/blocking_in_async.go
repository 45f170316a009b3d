package rules

import (
	"bytes"
	_ "embed"
	"fmt"
	"net"
	"slices"
	"strings"

	"github.com/rustaudit/rustaudit/parser"
)

//go:embed blocking_in_async.md
var blockingInAsyncDoc string

// BlockingInAsync is the `blocking_in_async` rule.
var BlockingInAsync = &Rule{
	ID:        "blocking_in_async",
	Summary:   "calls a blocking function inside async code, stalling the executor thread",
	Level:     LevelWarning,
	Since:     "0.1.0",
	Tags:      []string{"async", "performance", "concurrency"},
	Precision: "high",
	Doc:       blockingInAsyncDoc,
	// A test's runtime runs that test alone, and an example or a tool runs one job: a
	// blocking call there stalls no one else's tasks. Build scripts and tools block freely.
	Contexts: map[ContextKind]Level{CtxTest: LevelNote, CtxExample: LevelNote, CtxDevTool: LevelAllow},
	Kinds:    []parser.Kind{parser.KCallExpression},
	Needs:    []string{"async"}, // async fns, blocks and closures
	Check:    checkBlockingInAsync,
	Options: map[string]any{
		// Extra calls to treat as blocking: full paths of functions ("mycrate::db::query_sync"),
		// or ".name" for every method call of that name (".query_sync").
		"extra": []string{},
	},
}

// The rule has two halves. The table below says which calls block and how they are
// recognised; checkBlockingInAsync decides, for a call that matched, whether it runs as part
// of async code (an async fn, async block or async closure) rather than in a sync function or
// a closure handed to another thread.

// biMatch says how a table entry recognises its calls.
type biMatch int

const (
	// biPath: a call of the function Path, resolved through the file's imports.
	biPath biMatch = iota
	// biPathPrefix: a call of any function whose path starts with Path ("reqwest::blocking::").
	biPathPrefix
	// biLastSegment: a call of any function whose last path segment is Path ("block_on").
	biLastSegment
	// biMethod: every method call named Method (Tokio's `blocking_*` names, where the file
	// mentions Mentions).
	biMethod
	// biMethodFrom: a method call named Method whose receiver comes from a call of one of From
	// (through method chains and `let` bindings), or is a parameter, binding or field declared
	// with one of Types. `.recv()` blocks only on a std channel's receiver.
	biMethodFrom
)

// biBlocking is one blocking call.
type biBlocking struct {
	Match  biMatch
	Path   string
	Method string
	From   []string
	Types  []string
	Name   string // how messages name a method ("std::process::Command::output"); paths name themselves
	Level  Level  // 0: the rule's level (warning)
	// Mentions, when set, is a word the file must contain for a method entry to apply: Tokio's
	// blocking_* names are also the names of embedded HALs' synchronous methods (embassy's
	// `uart.blocking_write(..)`), which do not panic.
	Mentions string
	// modules are the module names the paths of From and Types go through (mpsc, process,
	// fs ...): a file that contains none of them cannot name those types, so the receiver is
	// not traced there (filled in by buildBlockingTable).
	modules []string
	// Creates marks calls that create a runtime: harmless when the runtime is then forgotten or
	// moved to a thread, where dropping it is allowed.
	Creates bool
	// Cheap marks file-system calls that move no file data: one or a few metadata system
	// calls (remove_file, create_dir_all, set_permissions ...). Outside a loop they are notes.
	Cheap bool
	What  string // what the call does there, completing "`call` in `async fn f` ..."
	Help  string // the async replacement
}

// biAsyncTwins maps std module prefixes to Tokio's modules with the same API. A path that is
// only a suffix (`fs::read` when `fs` is not imported in the file) names the std function
// only when it cannot also name Tokio's twin.
var biAsyncTwins = [][2]string{
	{"std::fs::", "tokio::fs::"},
	{"std::net::", "tokio::net::"},
	{"std::process::", "tokio::process::"},
	{"std::io::", "tokio::io::"},
	{"std::sync::mpsc::", "tokio::sync::mpsc::"},
}

const (
	biWhatBlocks = "blocks the executor thread, stalling every task scheduled on it"
	biWhatFileIO = "does blocking file I/O on the executor thread, stalling every task scheduled on it"
	biHelpSpawn  = "or move the blocking work to `tokio::task::spawn_blocking(move || ..)` and `.await` its handle"
)

// biStdFsFunctions are the functions of `std::fs` that do file I/O, each with the same name in
// `tokio::fs` (except `exists`, whose async form is `tokio::fs::try_exists`).
var biStdFsFunctions = []string{
	"read", "read_to_string", "write", "read_dir", "create_dir", "create_dir_all", "remove_file",
	"remove_dir", "remove_dir_all", "rename", "copy", "metadata", "symlink_metadata", "canonicalize",
	"hard_link", "read_link", "set_permissions", "try_exists", "exists",
}

// biStdFsMetadataOnly are the functions of biStdFsFunctions that read or change metadata
// only: a few system calls that move no file data (read_dir, remove_dir_all and copy scale
// with the directory or the file, File::open is followed by reads).
var biStdFsMetadataOnly = map[string]bool{
	"create_dir": true, "create_dir_all": true, "remove_file": true, "remove_dir": true,
	"rename": true, "metadata": true, "symlink_metadata": true, "canonicalize": true,
	"hard_link": true, "read_link": true, "set_permissions": true, "try_exists": true, "exists": true,
}

// biTable is every blocking call the rule knows, as data: configuration adds more with the
// `extra` option.
var biTable = buildBlockingTable()

func buildBlockingTable() []biBlocking {
	tbl := []biBlocking{
		// Sleeping and parking.
		{Match: biPath, Path: "std::thread::sleep", What: "puts the executor thread to sleep, stalling every task scheduled on it",
			Help: "Use `tokio::time::sleep(d).await`, which lets the other tasks run while this one waits."},
		{Match: biPath, Path: "std::thread::sleep_ms", What: "puts the executor thread to sleep, stalling every task scheduled on it",
			Help: "Use `tokio::time::sleep(Duration::from_millis(ms)).await`, which lets the other tasks run while this one waits."},
		{Match: biPath, Path: "std::thread::park", What: biWhatBlocks,
			Help: "Wait asynchronously instead, for example on a `tokio::sync::Notify` (`notify.notified().await`)."},
		{Match: biPath, Path: "std::thread::park_timeout", What: biWhatBlocks,
			Help: "Wait asynchronously instead, for example `tokio::time::timeout(d, notify.notified()).await`."},

		// Files.
		{Match: biPath, Path: "std::fs::File::open", What: biWhatFileIO,
			Help: "Use `tokio::fs::File::open(path).await`, " + biHelpSpawn + "."},
		{Match: biPath, Path: "std::fs::File::create", What: biWhatFileIO,
			Help: "Use `tokio::fs::File::create(path).await`, " + biHelpSpawn + "."},
		{Match: biPath, Path: "std::fs::File::create_new", What: biWhatFileIO,
			Help: "Use `tokio::fs::File::create_new(path).await`, " + biHelpSpawn + "."},
		{Match: biMethodFrom, Method: "open", Name: "std::fs::OpenOptions::open",
			From:  []string{"std::fs::OpenOptions::new", "std::fs::File::options"},
			Types: []string{"std::fs::OpenOptions"}, What: biWhatFileIO,
			Help: "Use `tokio::fs::OpenOptions` (same builder, `.open(path).await`), " + biHelpSpawn + "."},
		{Match: biPath, Path: "std::os::unix::fs::symlink", What: biWhatFileIO, Cheap: true,
			Help: "Use `tokio::fs::symlink(src, dst).await`, " + biHelpSpawn + "."},

		// Network: connecting and resolving host names block.
		{Match: biPath, Path: "std::net::TcpStream::connect", What: "opens a blocking connection (and may resolve a host name) on the executor thread",
			Help: "Use `tokio::net::TcpStream::connect(addr).await`."},
		{Match: biPath, Path: "std::net::TcpStream::connect_timeout", What: "opens a blocking connection on the executor thread",
			Help: "Use `tokio::time::timeout(d, tokio::net::TcpStream::connect(addr)).await`."},
		{Match: biMethod, Method: "to_socket_addrs", Name: "std::net::ToSocketAddrs::to_socket_addrs",
			What: "may resolve a host name with a blocking DNS lookup on the executor thread",
			Help: "Use `tokio::net::lookup_host(addr).await` (or pass the address to `tokio::net::TcpStream::connect`, which resolves it asynchronously)."},
		{Match: biPath, Path: "std::net::ToSocketAddrs::to_socket_addrs",
			What: "may resolve a host name with a blocking DNS lookup on the executor thread",
			Help: "Use `tokio::net::lookup_host(addr).await`."},
		{Match: biMethodFrom, Method: "accept", Name: "std::net::TcpListener::accept",
			From: []string{"std::net::TcpListener::bind"}, Types: []string{"std::net::TcpListener"}, What: "waits for a connection on a blocking socket, on the executor thread",
			Help: "Use `tokio::net::TcpListener` and `listener.accept().await` (`TcpListener::from_std` converts a std listener after `set_nonblocking(true)`)."},
		{Match: biMethodFrom, Method: "incoming", Name: "std::net::TcpListener::incoming",
			From: []string{"std::net::TcpListener::bind"}, Types: []string{"std::net::TcpListener"}, What: "waits for connections on a blocking socket, on the executor thread",
			Help: "Use `tokio::net::TcpListener` and `listener.accept().await` in a loop."},

		// Standard input.
		{Match: biMethodFrom, Method: "read_line", Name: "std::io::Stdin::read_line",
			From: []string{"std::io::stdin"}, Types: []string{"std::io::Stdin", "std::io::StdinLock"}, What: "waits for terminal input on the executor thread",
			Help: "Use `tokio::io::BufReader::new(tokio::io::stdin())` with `AsyncBufReadExt::read_line(&mut line).await`, or read stdin on a thread of its own and send the lines over a channel."},
		{Match: biMethodFrom, Method: "lines", Name: "std::io::Stdin::lines",
			From: []string{"std::io::stdin"}, Types: []string{"std::io::Stdin", "std::io::StdinLock"}, What: "waits for terminal input on the executor thread",
			Help: "Use `tokio::io::BufReader::new(tokio::io::stdin()).lines()` and `lines.next_line().await`, or read stdin on a thread of its own."},
		{Match: biMethodFrom, Method: "read_to_string", Name: "std::io::Read::read_to_string",
			From: []string{"std::io::stdin"}, Types: []string{"std::io::Stdin", "std::io::StdinLock"}, What: "waits for all of standard input on the executor thread",
			Help: "Use `tokio::io::stdin()` with `AsyncReadExt::read_to_string(&mut s).await`."},
		{Match: biMethodFrom, Method: "read_to_end", Name: "std::io::Read::read_to_end",
			From: []string{"std::io::stdin"}, Types: []string{"std::io::Stdin", "std::io::StdinLock"}, What: "waits for all of standard input on the executor thread",
			Help: "Use `tokio::io::stdin()` with `AsyncReadExt::read_to_end(&mut buf).await`."},

		// Processes.
		{Match: biMethodFrom, Method: "output", Name: "std::process::Command::output",
			From: []string{"std::process::Command::new"}, Types: []string{"std::process::Command"}, What: "waits for the child process to exit, on the executor thread",
			Help: "Use `tokio::process::Command` (same builder) and `.output().await`."},
		{Match: biMethodFrom, Method: "status", Name: "std::process::Command::status",
			From: []string{"std::process::Command::new"}, Types: []string{"std::process::Command"}, What: "waits for the child process to exit, on the executor thread",
			Help: "Use `tokio::process::Command` (same builder) and `.status().await`."},
		{Match: biMethodFrom, Method: "wait", Name: "std::process::Child::wait",
			From: []string{"std::process::Command::new"}, Types: []string{"std::process::Child"}, What: "waits for the child process to exit, on the executor thread",
			Help: "Spawn the child with `tokio::process::Command` and `.wait().await` it."},
		{Match: biMethodFrom, Method: "wait_with_output", Name: "std::process::Child::wait_with_output",
			From: []string{"std::process::Command::new"}, Types: []string{"std::process::Child"}, What: "waits for the child process to exit, on the executor thread",
			Help: "Spawn the child with `tokio::process::Command` and `.wait_with_output().await` it."},

		// Threads and thread channels.
		{Match: biMethodFrom, Method: "join", Name: "std::thread::JoinHandle::join",
			From: []string{"std::thread::spawn", "std::thread::Builder::new"}, Types: []string{"std::thread::JoinHandle"},
			What: "waits for a thread to finish, on the executor thread",
			Help: "Run the work with `tokio::task::spawn_blocking(move || ..)` and `.await` its `JoinHandle`, or send the result back over a `tokio::sync::oneshot` channel."},
		{Match: biMethodFrom, Method: "recv", Name: "std::sync::mpsc::Receiver::recv",
			From:  []string{"std::sync::mpsc::channel", "std::sync::mpsc::sync_channel", "crossbeam_channel::unbounded", "crossbeam_channel::bounded", "crossbeam::channel::unbounded", "crossbeam::channel::bounded"},
			Types: []string{"std::sync::mpsc::Receiver", "crossbeam_channel::Receiver", "crossbeam::channel::Receiver"},
			What:  "waits for a message on a thread channel, blocking the executor thread",
			Help:  "Use a `tokio::sync::mpsc` channel and `rx.recv().await`, or receive inside `tokio::task::spawn_blocking`."},
		{Match: biMethodFrom, Method: "recv_timeout", Name: "std::sync::mpsc::Receiver::recv_timeout",
			From:  []string{"std::sync::mpsc::channel", "std::sync::mpsc::sync_channel", "crossbeam_channel::unbounded", "crossbeam_channel::bounded", "crossbeam::channel::unbounded", "crossbeam::channel::bounded"},
			Types: []string{"std::sync::mpsc::Receiver", "crossbeam_channel::Receiver", "crossbeam::channel::Receiver"},
			What:  "waits for a message on a thread channel, blocking the executor thread",
			Help:  "Use a `tokio::sync::mpsc` channel and `tokio::time::timeout(d, rx.recv()).await`."},

		// Tokio's blocking_* methods panic when called from async code. They stay at the
		// rule's level (the issue asks for error only for block_on and runtime creation).
		{Match: biMethod, Method: "blocking_lock", Mentions: "tokio", Name: "tokio::sync::Mutex::blocking_lock",
			What: "panics when called from async code (Tokio's blocking methods are for synchronous code only)", Help: "Use `.lock().await`."},
		{Match: biMethod, Method: "blocking_lock_owned", Mentions: "tokio", Name: "tokio::sync::Mutex::blocking_lock_owned",
			What: "panics when called from async code (Tokio's blocking methods are for synchronous code only)", Help: "Use `.lock_owned().await`."},
		{Match: biMethod, Method: "blocking_recv", Mentions: "tokio", Name: "tokio::sync::mpsc::Receiver::blocking_recv",
			What: "panics when called from async code (Tokio's blocking methods are for synchronous code only)", Help: "Use `.recv().await`."},
		{Match: biMethod, Method: "blocking_recv_many", Mentions: "tokio", Name: "tokio::sync::mpsc::Receiver::blocking_recv_many",
			What: "panics when called from async code (Tokio's blocking methods are for synchronous code only)", Help: "Use `.recv_many(&mut buf, limit).await`."},
		{Match: biMethod, Method: "blocking_send", Mentions: "tokio", Name: "tokio::sync::mpsc::Sender::blocking_send",
			What: "panics when called from async code (Tokio's blocking methods are for synchronous code only)", Help: "Use `.send(value).await`."},
		{Match: biMethod, Method: "blocking_read", Mentions: "tokio", Name: "tokio::sync::RwLock::blocking_read",
			What: "panics when called from async code (Tokio's blocking methods are for synchronous code only)", Help: "Use `.read().await`."},
		{Match: biMethod, Method: "blocking_write", Mentions: "tokio", Name: "tokio::sync::RwLock::blocking_write",
			What: "panics when called from async code (Tokio's blocking methods are for synchronous code only)", Help: "Use `.write().await`."},

		// reqwest's blocking client runs a runtime of its own.
		{Match: biPathPrefix, Path: "reqwest::blocking::",
			What: "makes a blocking HTTP request on the executor thread (and reqwest's blocking client panics when created or dropped inside a runtime)",
			Help: "Use the async client: `reqwest::get(url).await` or `reqwest::Client::new().get(url).send().await`."},
		{Match: biMethodFrom, Method: "send", Name: "reqwest::blocking::RequestBuilder::send",
			From:  []string{"reqwest::blocking::Client::new", "reqwest::blocking::Client::builder", "reqwest::blocking::ClientBuilder::new"},
			Types: []string{"reqwest::blocking::Client", "reqwest::blocking::RequestBuilder"},
			What:  "makes a blocking HTTP request on the executor thread",
			Help:  "Use the async `reqwest::Client` and `.send().await`."},

		// Running a future to completion: what it does depends on the executor and the
		// future (see biBlockOnVerdict, which sets the message and the level).
		{Match: biLastSegment, Path: "block_on", What: biWhatBlockOn,
			Help: "`.await` the future instead."},
		{Match: biMethod, Method: "block_on", Name: "Runtime::block_on", What: biWhatBlockOn,
			Help: "`.await` the future instead; from synchronous code called by async code, use `tokio::task::block_in_place(|| handle.block_on(fut))` or `spawn_blocking`."},

		// Creating a runtime inside a runtime.
		{Match: biPath, Path: "tokio::runtime::Runtime::new", Level: LevelError, Creates: true,
			What: "creates a Tokio runtime inside a runtime: dropping it there panics (\"Cannot drop a runtime in a context where blocking is not allowed\")",
			Help: "Use the runtime you are in (`tokio::spawn`, `tokio::runtime::Handle::current()`), or create the runtime in synchronous code or on a thread of its own."},
		{Match: biMethodFrom, Method: "build", Name: "tokio::runtime::Builder::build", Level: LevelError, Creates: true,
			From:  []string{"tokio::runtime::Builder::new_multi_thread", "tokio::runtime::Builder::new_current_thread"},
			Types: []string{"tokio::runtime::Builder"},
			What:  "creates a Tokio runtime inside a runtime: dropping it there panics (\"Cannot drop a runtime in a context where blocking is not allowed\")",
			Help:  "Use the runtime you are in (`tokio::spawn`, `tokio::runtime::Handle::current()`), or build the runtime in synchronous code or on a thread of its own."},
	}
	for i := range tbl {
		seen := map[string]bool{}
		for _, path := range append(append([]string{}, tbl[i].From...), tbl[i].Types...) {
			// The module is the segment before the first type (std::fs::OpenOptions::new gives
			// fs), or before the function (std::sync::mpsc::channel gives mpsc).
			segs := strings.Split(path, "::")
			mod := len(segs) - 2
			for j, seg := range segs {
				if c := seg[0]; c >= 'A' && c <= 'Z' {
					mod = j - 1
					break
				}
			}
			if mod >= 0 && !seen[segs[mod]] {
				seen[segs[mod]] = true
				tbl[i].modules = append(tbl[i].modules, segs[mod])
			}
		}
	}
	for _, name := range biStdFsFunctions {
		twin := name
		if name == "exists" {
			twin = "try_exists"
		}
		tbl = append(tbl, biBlocking{Match: biPath, Path: "std::fs::" + name, What: biWhatFileIO,
			Cheap: biStdFsMetadataOnly[name],
			Help:  fmt.Sprintf("Use `tokio::fs::%s(..).await`, %s.", twin, biHelpSpawn)})
	}
	return tbl
}

// biIndex maps a function's last path segment, or a method's name, to the table entries that
// may match it, so that most calls are dismissed with one map lookup.
var biIndex = func() map[string][]int {
	idx := map[string][]int{}
	for i, e := range biTable {
		switch e.Match {
		case biPath:
			idx["fn:"+LastSegment(e.Path)] = append(idx["fn:"+LastSegment(e.Path)], i)
		case biLastSegment:
			idx["fn:"+e.Path] = append(idx["fn:"+e.Path], i)
		case biMethod, biMethodFrom:
			idx["method:"+e.Method] = append(idx["method:"+e.Method], i)
		}
	}
	return idx
}()

// biPrefixEntries are the table entries that match a path prefix.
var biPrefixEntries = func() []int {
	var out []int
	for i, e := range biTable {
		if e.Match == biPathPrefix {
			out = append(out, i)
		}
	}
	return out
}()

// biOffloads are the functions and methods that run a closure on another thread (or let the
// runtime move its other tasks away): code in the closure does not block the executor.
var biOffloads = map[string]bool{
	"spawn_blocking": true, "block_in_place": true, "spawn": true, "spawn_scoped": true,
	"spawn_unchecked": true, "unblock": true,
}

// biInlineCombinators are methods that call their closure argument right away, on the calling
// thread (iterator, Option, Result, stream and future adapters, thread-local access).
var biInlineCombinators = map[string]bool{
	"map": true, "map_err": true, "map_ok": true, "and_then": true, "or_else": true,
	"unwrap_or_else": true, "map_or": true, "map_or_else": true, "ok_or_else": true,
	"filter": true, "filter_map": true, "flat_map": true, "for_each": true, "try_for_each": true,
	"inspect": true, "fold": true, "try_fold": true, "any": true, "all": true, "find": true,
	"find_map": true, "position": true, "take_while": true, "skip_while": true, "retain": true,
	"sort_by": true, "sort_by_key": true, "sort_unstable_by": true, "sort_unstable_by_key": true,
	"then": true, "get_or_insert_with": true, "or_insert_with": true, "get_or_init": true,
	"with": true, "is_some_and": true, "is_ok_and": true, "reduce": true, "max_by_key": true,
	"min_by_key": true, "in_scope": true,
}

// biKnownRoots are crates whose paths are written out in full; a path that starts with one
// of them was not left partial by a missing import.
var biKnownRoots = []string{"std::", "core::", "alloc::", "tokio::", "futures::", "reqwest::",
	"crossbeam_channel::", "crossbeam::", "async_std::", "smol::"}

func checkBlockingInAsync(p *Pass, call parser.NodeID) {
	t := p.Tree
	fn := t.Field(call, parser.FFunction)
	if t.Is(fn, parser.KGenericFunction) {
		fn = t.Field(fn, parser.FFunction)
	}
	var entry *biBlocking
	var extraName string
	switch t.Kind(fn) {
	case parser.KFieldExpression:
		entry, extraName = biMatchMethod(p, call, t.Text(t.Field(fn, parser.FField)))
	case parser.KIdentifier, parser.KScopedIdentifier:
		entry, extraName = biMatchPath(p, call, t.Imports.Resolve(t.Text(fn)))
	default:
		return
	}
	if entry == nil {
		return
	}
	ctx, ok := biAsyncContext(t, call)
	if !ok || biAwaited(t, call) {
		return
	}
	if entry.Creates && biRuntimeHandedOff(t, call) {
		return
	}

	name := extraName
	if name == "" {
		name = biCallName(t, call, entry)
	}
	what := entry.What
	if what == "" {
		what = biWhatBlocks
	}
	d := Diagnostic{
		Node:    call,
		Level:   entry.Level,
		Message: fmt.Sprintf("%s in %s %s", name, ctx.describe(t), what),
		Help:    entry.Help,
		Related: []RelatedNode{{Node: ctx.anchor(t), Message: "the async code this call runs in"}},
	}
	if d.Help == "" {
		d.Help = "Run it inside `tokio::task::spawn_blocking(move || ..)` and `.await` the handle, or use an async equivalent."
	}
	if t.Is(fn, parser.KFieldExpression) {
		// Point at the method and its arguments, not at the start of a long builder chain.
		span := t.SpanBetween(t.Field(fn, parser.FField), call)
		d.Span = &span
	}
	if entry.Match == biLastSegment || entry.Match == biMethod && entry.Method == "block_on" {
		d.Message, d.Level = biBlockOnVerdict(t, call, fmt.Sprintf("%s in %s", name, ctx.describe(t)))
	}
	if attr := biRuntimeMainOffWorker(t, ctx.body); attr != "" && ctx.via < 0 {
		from := d.Level
		switch {
		case entry.Match == biLastSegment:
			// Another executor's block_on on the main thread, beside the runtime's workers,
			// neither panics nor starves them; it still blocks main's own future.
			d.Level = LevelWarning
		case d.Level == LevelAllow:
			d.Level = LevelNote
		}
		if d.Level != from {
			d.Notes = append(d.Notes, fmt.Sprintf("`%s` runs the body of `main` through `block_on` on the main thread, not on one of the runtime's worker threads, so this holds up only `main` itself; it would stall every task on a current-thread runtime, or once this code moves into a spawned task", attr))
		}
	}
	if ctx.via >= 0 {
		d.Level = LevelNote
		note := "the call is in a closure that is called right away, so it most likely runs on the executor thread too"
		if name := biCalleeLast(t, ctx.via); name != "" {
			note = fmt.Sprintf("the call is in a closure passed to `.%s`, which calls it on the current thread, so it most likely runs on the executor thread too", name)
		}
		d.Notes = append(d.Notes, note)
		at := ctx.via
		if f := t.Field(ctx.via, parser.FFunction); t.Is(f, parser.KFieldExpression) {
			at = t.Field(f, parser.FField)
		}
		d.Related = append(d.Related, RelatedNode{Node: at, Message: "the closure is called here"})
	} else if entry.Cheap && (d.Level == LevelAllow || d.Level == LevelWarning) && !biInLoop(t, call, ctx.body) {
		d.Level = LevelNote
		d.Notes = append(d.Notes, fmt.Sprintf("note here, not warning: %s changes or reads metadata only, in one or a few system calls that move no file data; on a local disk it returns in microseconds, about what handing it to the blocking pool costs. It matters in a loop, on a network file system, or on a hot path", name))
	}
	if entry.Match == biPath && entry.Path == "std::thread::sleep" {
		if fx, ok := biSleepFix(p, call, fn, ctx); ok {
			d.Fixes = append(d.Fixes, fx)
		}
	}
	p.Report(d)
}

// biSleepFix turns `std::thread::sleep(d)` into `tokio::time::sleep(d).await`, which takes
// the same std Duration. It is offered only in a file that uses Tokio and no other runtime,
// and never in a closure (an `.await` there would not compile). It is certain when the call
// is a statement of its own (`..;`) directly in an async fn or async block, the file's code
// already uses `tokio::time` (so Tokio's "time" feature is on) and does not mention
// `block_on` (whose executor may not be Tokio's), and the duration is not written in micro-
// or nanoseconds; otherwise it needs review. Either way the sleep becomes
// millisecond-grained, as Tokio's timer is.
func biSleepFix(p *Pass, call, fn parser.NodeID, ctx biContext) (Fix, bool) {
	t := p.Tree
	if ctx.via >= 0 || !p.Mentions("tokio") || p.Mentions("async_std") || p.Mentions("smol::") {
		return Fix{}, false
	}
	fx := Fix{
		Description:   "Use `tokio::time::sleep(..).await`, which lets the other tasks run while this one waits",
		Applicability: NeedsReview,
		Edits:         []Edit{ReplaceNode(t, fn, "tokio::time::sleep"), InsertAfter(t, call, ".await")},
	}
	statement := t.Is(t.Parent(call), parser.KExpressionStatement)
	asyncBody := t.Is(ctx.body, parser.KFunctionItem) || t.Is(ctx.body, parser.KAsyncBlock)
	// Tokio's timer counts whole milliseconds: a shorter sleep would become longer.
	fine := bytes.Contains(t.Bytes(call), []byte("from_micros")) || bytes.Contains(t.Bytes(call), []byte("from_nanos"))
	if statement && asyncBody && !fine && p.Mentions("tokio::time") && biUsesTokioTime(t) && !p.Mentions("block_on") {
		fx.Applicability = Certain
	}
	return fx, true
}

// biUsesTokioTime reports whether the file's code (not its comments) uses `tokio::time`: an
// import from it, or a path through it.
func biUsesTokioTime(t *parser.Tree) bool {
	if t.Imports.GlobFrom("tokio::time") {
		return true
	}
	for _, full := range t.Imports.Names {
		if full == "tokio::time" || strings.HasPrefix(full, "tokio::time::") {
			return true
		}
	}
	for i := range t.Nodes {
		if t.Nodes[i].Kind == parser.KScopedIdentifier {
			s := strings.TrimPrefix(t.Text(parser.NodeID(i)), "::")
			if s == "tokio::time" || strings.HasPrefix(s, "tokio::time::") {
				return true
			}
		}
	}
	return false
}

const biWhatBlockOn = "blocks the executor thread until the future completes, stalling every task scheduled on it"

// biBlockOnVerdict says what a block_on in async code does, with its level: Tokio's
// `Runtime::block_on` and `Handle::block_on` panic there (an error); another executor's
// block_on blocks the thread (a warning), and never returns when the future waits on what
// only this thread drives (Tokio timers or I/O of a current-thread runtime: an error).
func biBlockOnVerdict(t *parser.Tree, call parser.NodeID, subject string) (string, Level) {
	msg := func(what string) string {
		return subject + " " + what
	}
	if MethodName(t, call) != "" {
		recv := t.Unparen(Receiver(t, call))
		if dtIsRuntimeExpr(t, recv, 0) {
			return msg("panics: Tokio does not let a thread that drives async tasks block on a future (\"Cannot start a runtime from within a runtime\")"), LevelError
		}
		who := "the receiver"
		if txt := t.Text(recv); len(txt) <= 32 && !strings.ContainsAny(txt, "\n{") {
			who = "`" + txt + "`"
		}
		return msg(biWhatBlockOn + "; if " + who + " is a Tokio `Runtime` or `Handle`, it panics instead (\"Cannot start a runtime from within a runtime\")"), LevelWarning
	}
	if runtime := biBlockOnDeadlock(t, call); runtime != "" {
		return msg("never returns: it blocks the only thread of " + runtime + ", and its future waits on a Tokio timer or socket that only that thread drives"), LevelError
	}
	return msg(biWhatBlockOn), LevelWarning
}

// biRuntimeDriven are words whose presence in a future (with an `.await`) says it waits on
// what a Tokio runtime's driver serves: timers and sockets.
var biRuntimeDriven = []string{"sleep(", "timeout(", "interval(", "tokio::time", "tokio::net", "TcpStream",
	"TcpListener", "UdpSocket", "UnixStream", "UnixListener"}

// biBlockOnDeadlock names the runtime whose only thread a block_on of another executor
// blocks for good, or "": the async fn it is in runs on a current-thread Tokio runtime
// (`#[tokio::test]`, or `#[tokio::main(flavor = "current_thread")]`), and its future awaits
// a timer or a socket of that runtime, whose driver only that thread turns.
func biBlockOnDeadlock(t *parser.Tree, call parser.NodeID) string {
	fn := parser.None
	t.Ancestors(call, func(a parser.NodeID) bool {
		if t.Is(a, parser.KFunctionItem) {
			fn = a
			return false
		}
		return true
	})
	if fn < 0 {
		return ""
	}
	runtime := ""
	for _, at := range attributesOf(t, fn) {
		nm := t.NamedChild(at, 0)
		if nm < 0 {
			continue
		}
		path := strings.Join(strings.Fields(t.Text(nm)), "")
		txt := strings.Join(strings.Fields(t.Text(at)), "")
		switch {
		case path == "tokio::test" && !strings.Contains(txt, "multi_thread"):
			runtime = "the current-thread runtime of `#[tokio::test]`"
		case path == "tokio::main" && strings.Contains(txt, `"current_thread"`):
			runtime = "the current-thread runtime of `#[tokio::main(flavor = \"current_thread\")]`"
		}
	}
	args := Args(t, call)
	if runtime == "" || len(args) == 0 {
		return ""
	}
	fut := t.Unparen(args[len(args)-1])
	if !t.Is(fut, parser.KAsyncBlock) || !TextMentions(t, fut, ".await") || !TextMentions(t, fut, biRuntimeDriven...) {
		return ""
	}
	return runtime
}

// biInLoop reports whether call runs in a loop of the async body it is in.
func biInLoop(t *parser.Tree, call, body parser.NodeID) bool {
	in := false
	child := call
	t.Ancestors(call, func(a parser.NodeID) bool {
		if a == body {
			return false
		}
		if IsLoop(t, a) && t.Field(a, parser.FBody) == child {
			in = true
			return false
		}
		child = a
		return true
	})
	return in
}

// biMatchMethod finds the table entry (or `extra` method) for a method call named method.
func biMatchMethod(p *Pass, call parser.NodeID, method string) (*biBlocking, string) {
	t := p.Tree
	if method == "to_socket_addrs" && biIPLiteral(t, Receiver(t, call)) {
		return nil, "" // std parses an IP address without asking a resolver
	}
	for _, i := range biIndex["method:"+method] {
		e := &biTable[i]
		if e.Mentions != "" && !p.Mentions(e.Mentions) {
			continue
		}
		if e.Match == biMethod {
			return e, ""
		}
		if !slices.ContainsFunc(e.modules, p.Mentions) {
			continue
		}
		if biReceiverFrom(t, Receiver(t, call), e.From, e.Types) {
			return e, ""
		}
	}
	for _, x := range p.StringsOption("extra") {
		if strings.HasPrefix(x, ".") && x[1:] == method {
			return &biBlocking{Match: biMethod, Method: method}, fmt.Sprintf("`.%s(..)` (listed in the `extra` option)", method)
		}
	}
	return nil, ""
}

// biMatchPath finds the table entry (or `extra` path) for a call of the resolved path.
func biMatchPath(p *Pass, call parser.NodeID, path string) (*biBlocking, string) {
	t := p.Tree
	last := LastSegment(path)
	if biIsBlockOnName(last) {
		last = "block_on"
	}
	for _, i := range biIndex["fn:"+last] {
		e := &biTable[i]
		switch e.Match {
		case biPath:
			if biPathNames(t, path, e.Path) {
				return e, ""
			}
		case biLastSegment:
			return e, ""
		}
	}
	for _, i := range biPrefixEntries {
		if e := &biTable[i]; strings.HasPrefix(path, e.Path) {
			return e, ""
		}
	}
	for _, x := range p.StringsOption("extra") {
		if x == "" || strings.HasPrefix(x, ".") || LastSegment(x) != last {
			continue
		}
		if biPathNames(t, path, x) {
			return &biBlocking{Match: biPath, Path: x}, fmt.Sprintf("`%s` (listed in the `extra` option)", x)
		}
		if rest, ok := strings.CutPrefix(path, "crate::"); ok && strings.HasSuffix(x, "::"+rest) {
			return &biBlocking{Match: biPath, Path: x}, fmt.Sprintf("`%s` (listed in the `extra` option)", x)
		}
	}
	return nil, ""
}

// biPathNames reports whether a resolved path names the function (or type) want. A path
// that starts with a known crate must be want itself. A partial path whose first segment no
// `use` brought in (`thread::sleep`, `executor::block_on`) counts when it is a suffix of
// want starting with a module, and cannot also be a suffix of Tokio's twin of want
// (`fs::read` could be `tokio::fs::read`). A path under a glob import (`use std::fs::*;`
// then `File::open`) is completed with the glob's prefix.
func biPathNames(t *parser.Tree, path, want string) bool {
	if path == want {
		return true
	}
	for _, r := range biKnownRoots {
		if strings.HasPrefix(path, r) {
			return false
		}
	}
	first, _, _ := strings.Cut(path, "::")
	if _, imported := t.Imports.Names[first]; imported {
		return false
	}
	for _, g := range t.Imports.Globs {
		if g+"::"+path == want {
			return true
		}
	}
	if !strings.Contains(path, "::") || first == "" || first == "crate" || first == "self" || first == "super" {
		return false
	}
	if c := first[0]; c < 'a' || c > 'z' {
		return false // `File::open`: a type we cannot place
	}
	if !strings.HasSuffix(want, "::"+path) || DeclaresModule(t, first) {
		return false
	}
	for _, tw := range biAsyncTwins {
		if rest, ok := strings.CutPrefix(want, tw[0]); ok && strings.HasSuffix(tw[1]+rest, "::"+path) {
			return false
		}
	}
	return true
}

// biCallName names the call in a message: a path call by its resolved path, a method call by
// the receiver when it is short (`rx.recv()`) and by the table's name otherwise.
func biCallName(t *parser.Tree, call parser.NodeID, e *biBlocking) string {
	switch e.Match {
	case biPath:
		return "`" + e.Path + "`" // the std path, also when the call was written through a glob import
	case biPathPrefix, biLastSegment:
		return "`" + CalleePath(t, call) + "`"
	}
	recv := t.Unparen(Receiver(t, call))
	method := MethodName(t, call)
	if recv >= 0 {
		txt := t.Text(recv)
		if len(txt) <= 32 && !strings.ContainsAny(txt, "\n{") {
			s := fmt.Sprintf("`%s.%s(..)`", txt, method)
			if len(Args(t, call)) == 0 {
				s = fmt.Sprintf("`%s.%s()`", txt, method)
			}
			if e.Name != "" && e.Match == biMethodFrom {
				s += fmt.Sprintf(" (`%s`)", e.Name)
			}
			return s
		}
	}
	if e.Name != "" {
		return "`" + e.Name + "`"
	}
	return "`." + method + "(..)`"
}

// biContext is the async code a call runs in.
type biContext struct {
	body parser.NodeID // the async fn, async block or async closure
	via  parser.NodeID // the call of an inline combinator whose closure holds the call, or None
}

func (c biContext) describe(t *parser.Tree) string {
	switch {
	case t.Is(c.body, parser.KFunctionItem):
		return fmt.Sprintf("`async fn %s`", t.Text(t.Field(c.body, parser.FName)))
	case t.Is(c.body, parser.KAsyncBlock):
		return "an `async` block"
	}
	return "an async closure"
}

// anchor is the node that shows where the async code starts: the fn's name or the `async`.
func (c biContext) anchor(t *parser.Tree) parser.NodeID {
	if t.Is(c.body, parser.KFunctionItem) {
		if n := t.Field(c.body, parser.FName); n >= 0 {
			return n
		}
	}
	if a := t.FirstChildOfKind(c.body, parser.TAsync); a >= 0 {
		return a
	}
	return c.body
}

// biAsyncContext walks up from call to the body it runs in. It returns ok when that is async
// code: an async fn, an async block or an async closure, reached directly or through
// closures passed to inline combinators (`.map(|p| ..)`, noted in via). A sync fn, a
// closure handed to a thread (`spawn_blocking`, `block_in_place`, `thread::spawn`) or to any
// other function, and an async block run by `block_on` end the walk quietly.
func biAsyncContext(t *parser.Tree, call parser.NodeID) (biContext, bool) {
	ctx := biContext{body: parser.None, via: parser.None}
	ok := false
	t.Ancestors(call, func(a parser.NodeID) bool {
		switch t.Kind(a) {
		case parser.KFunctionItem:
			if IsAsyncFn(t, a) {
				ctx.body, ok = a, true
			}
			return false
		case parser.KAsyncBlock:
			if c := biArgumentOf(t, a); c >= 0 && biIsBlockOnName(biCalleeLast(t, c)) {
				return false // runs on the thread that calls block_on; that call is judged there
			}
			ctx.body, ok = a, true
			return false
		case parser.KClosureExpression:
			if IsAsyncClosure(t, a) {
				ctx.body, ok = a, true
				return false
			}
			c := biArgumentOf(t, a)
			if c < 0 {
				// `(|| ..)()` runs right away; anything else (a closure stored in a binding,
				// returned, put in a struct) may run anywhere.
				if par := t.Parent(a); t.Is(par, parser.KParenthesizedExpression) {
					if cl := t.Parent(par); t.Is(cl, parser.KCallExpression) && t.Field(cl, parser.FFunction) == par {
						if ctx.via < 0 {
							ctx.via = cl
						}
						return true
					}
				}
				return false
			}
			name := MethodName(t, c)
			if name == "" {
				name = LastSegment(CalleePath(t, c))
			}
			if biOffloads[name] || !biInlineCombinators[name] || MethodName(t, c) == "" {
				return false
			}
			if ctx.via < 0 {
				ctx.via = c
			}
			return true
		}
		return true
	})
	return ctx, ok
}

// biArgumentOf returns the call that has n as one of its arguments, or None.
func biArgumentOf(t *parser.Tree, n parser.NodeID) parser.NodeID {
	par := t.Parent(n)
	for t.Is(par, parser.KParenthesizedExpression) {
		par = t.Parent(par)
	}
	if !t.Is(par, parser.KArguments) {
		return parser.None
	}
	c := t.Parent(par)
	if !t.Is(c, parser.KCallExpression) {
		return parser.None
	}
	return c
}

// biCalleeLast returns the method name, or the last path segment, of what call calls.
func biCalleeLast(t *parser.Tree, call parser.NodeID) string {
	if m := MethodName(t, call); m != "" {
		return m
	}
	return LastSegment(CalleePath(t, call))
}

// biIsBlockOnName reports whether a function name says it runs a future to completion on the
// current thread: `block_on`, and helpers such as `test_block_on` or `block_on_all`.
func biIsBlockOnName(name string) bool {
	return name == "block_on" || strings.HasSuffix(name, "_block_on") || strings.HasPrefix(name, "block_on_")
}

// biRuntimeMainOffWorker returns the attribute ("#[tokio::main]") when body is an
// `async fn main` under `#[tokio::main]` (multi-thread, the default) or `#[async_std::main]`:
// such a body runs on the main thread through block_on, beside the workers rather than on
// one of them. It returns "" otherwise.
func biRuntimeMainOffWorker(t *parser.Tree, body parser.NodeID) string {
	if !t.Is(body, parser.KFunctionItem) || !t.TextIs(t.Field(body, parser.FName), "main") {
		return ""
	}
	for _, attr := range Attributes(t, body) {
		txt := strings.Join(strings.Fields(t.Text(attr)), "")
		switch {
		case strings.HasPrefix(txt, "#[tokio::main"):
			if strings.Contains(txt, "current_thread") {
				return ""
			}
			return "#[tokio::main]"
		case strings.HasPrefix(txt, "#[async_std::main"):
			return "#[async_std::main]"
		}
	}
	return ""
}

// biAwaited reports whether the call's result is awaited: `.await` on it, a select! branch's
// future, or an argument of join!. A call whose result is awaited is async whatever its name.
func biAwaited(t *parser.Tree, call parser.NodeID) bool {
	n := call
	par := t.Parent(n)
	for t.Is(par, parser.KParenthesizedExpression) {
		n, par = par, t.Parent(par)
	}
	switch t.Kind(par) {
	case parser.KAwaitExpression:
		return true
	case parser.KSelectBranch:
		return t.Field(par, parser.FFuture) == n
	case parser.KMacroBody:
		return MacroIs(t, t.Parent(par), "join", "try_join")
	}
	return false
}

// biReceiverFrom reports whether the receiver expression e comes from a call of one of from,
// or from a binding, parameter or field declared with one of types.
func biReceiverFrom(t *parser.Tree, e parser.NodeID, from, types []string) bool {
	found := false
	biOrigins(t, e, 0, func(path string, isType bool) bool {
		want := from
		if isType {
			want = types
		}
		for _, w := range want {
			if biPathNames(t, path, w) {
				found = true
				return false
			}
		}
		return true
	})
	return found
}

// biOrigins follows expression e back to where its value comes from, calling fn with the
// resolved path of each path call on the way (`Command::new` in `Command::new("ls").arg(x)`)
// and of each type a binding, parameter or field is declared with. It goes through method
// chains to their receiver, `?`, `&`, `*`, parentheses, tuple fields (`.1`), `let` bindings
// of the same function, and `BufReader::new(x)` to x. fn returns false to stop.
func biOrigins(t *parser.Tree, e parser.NodeID, depth int, fn func(path string, isType bool) bool) bool {
	if depth > 8 || e < 0 {
		return true
	}
	e = t.Unparen(e)
	switch t.Kind(e) {
	case parser.KTryExpression, parser.KReferenceExpression:
		return biOrigins(t, t.NamedChild(e, 0), depth+1, fn)
	case parser.KUnaryExpression:
		return biOrigins(t, t.NamedChild(e, 0), depth+1, fn)
	case parser.KCallExpression:
		f := t.Field(e, parser.FFunction)
		if t.Is(f, parser.KGenericFunction) {
			f = t.Field(f, parser.FFunction)
		}
		switch t.Kind(f) {
		case parser.KFieldExpression:
			return biOrigins(t, t.Field(f, parser.FValue), depth+1, fn)
		case parser.KIdentifier, parser.KScopedIdentifier:
			path := t.Imports.Resolve(t.Text(f))
			if !fn(path, false) {
				return false
			}
			if strings.HasSuffix(path, "BufReader::new") {
				if args := Args(t, e); len(args) > 0 {
					return biOrigins(t, args[0], depth+1, fn)
				}
			}
		}
		return true
	case parser.KFieldExpression:
		field := t.Field(e, parser.FField)
		if t.Is(field, parser.KIntegerLiteral) {
			return biOrigins(t, t.Field(e, parser.FValue), depth+1, fn)
		}
		return biFieldTypes(t, t.Text(field), fn)
	case parser.KIdentifier:
		val, typ := biBinding(t, e)
		if typ >= 0 && !biTypePaths(t, typ, fn) {
			return false
		}
		if val >= 0 {
			return biOrigins(t, val, depth+1, fn)
		}
	}
	return true
}

// biBinding finds the nearest declaration of identifier id before it in its function: a
// `let` (its value and type) or a parameter of the function or of a closure around id (its
// type).
func biBinding(t *parser.Tree, id parser.NodeID) (value, typ parser.NodeID) {
	value, typ = parser.None, parser.None
	name := t.Text(id)
	start := t.Nodes[id].Start
	// Parameters of the closures and the function around id, nearest first.
	scope := parser.None
	t.Ancestors(id, func(a parser.NodeID) bool {
		if !t.Is(a, parser.KFunctionItem) && !t.Is(a, parser.KClosureExpression) {
			return true
		}
		if ps := t.Field(a, parser.FParameters); ps >= 0 {
			for _, prm := range t.NamedChildren(ps) {
				pat, ty := prm, parser.None
				if t.Is(prm, parser.KParameter) {
					pat, ty = t.Field(prm, parser.FPattern), t.Field(prm, parser.FType)
				}
				if biPatternBinds(t, pat, name) {
					typ = ty
					scope = a
					return false
				}
			}
		}
		if t.Is(a, parser.KFunctionItem) {
			scope = a
			return false
		}
		return true
	})
	if scope < 0 {
		return value, typ
	}
	// A `let` after the parameter (or anywhere in the function) shadows it.
	best := parser.None
	biWalkNoFns(t, scope, func(d parser.NodeID) bool {
		if t.Nodes[d].Start >= start {
			return false
		}
		switch {
		case t.Is(d, parser.KLetDeclaration) && t.Nodes[d].End <= start:
			if biPatternBinds(t, t.Field(d, parser.FPattern), name) && t.IsAncestor(t.Parent(d), id) {
				best = d
			}
		case t.Is(d, parser.KForExpression):
			// `for h in handles { h.join() }`: h is an element of handles, whose declared
			// type names the element type too (`Vec<JoinHandle<()>>`).
			if biPatternBinds(t, t.Field(d, parser.FPattern), name) && t.IsAncestor(t.Field(d, parser.FBody), id) {
				best = d
			}
		}
		return true
	})
	if t.Is(best, parser.KForExpression) {
		return t.Field(best, parser.FValue), parser.None
	}
	if best >= 0 {
		return t.Field(best, parser.FValue), t.Field(best, parser.FType)
	}
	return value, typ
}

// biWalkNoFns is t.Walk that does not enter nested fn items (but enters closures and async
// blocks, whose code can see the fn's bindings).
func biWalkNoFns(t *parser.Tree, n parser.NodeID, fn func(d parser.NodeID) bool) {
	t.Walk(n, func(d parser.NodeID) bool {
		if d != n && t.Is(d, parser.KFunctionItem) {
			return false
		}
		return fn(d)
	})
}

// biPatternBinds reports whether pattern pat binds name.
func biPatternBinds(t *parser.Tree, pat parser.NodeID, name string) bool {
	found := false
	t.Walk(pat, func(d parser.NodeID) bool {
		if t.Is(d, parser.KIdentifier) && t.TextIs(d, name) {
			found = true
		}
		return !found
	})
	return found
}

// biFieldTypes calls fn with the types of the struct fields named field declared in the file.
func biFieldTypes(t *parser.Tree, field string, fn func(path string, isType bool) bool) bool {
	ok := true
	t.Walk(t.Root(), func(d parser.NodeID) bool {
		if !ok {
			return false
		}
		if t.Is(d, parser.KFieldDeclaration) && t.TextIs(t.Field(d, parser.FName), field) {
			ok = biTypePaths(t, t.Field(d, parser.FType), fn)
			return false
		}
		return true
	})
	return ok
}

// biTypePaths calls fn with the resolved path of every named type in type node ty
// (`Arc<Mutex<mpsc::Receiver<T>>>` gives Arc, Mutex and std::sync::mpsc::Receiver).
func biTypePaths(t *parser.Tree, ty parser.NodeID, fn func(path string, isType bool) bool) bool {
	ok := true
	t.Walk(ty, func(d parser.NodeID) bool {
		if !ok {
			return false
		}
		switch t.Kind(d) {
		case parser.KTypeIdentifier, parser.KScopedTypeIdentifier:
			ok = fn(t.Imports.Resolve(t.Text(d)), true)
			return false
		}
		return true
	})
	return ok
}

// biIPLiteral reports whether e is a string literal holding an IP address and port
// ("127.0.0.1:8080", "[::1]:50051"), or a tuple whose first element is a literal IP address
// (`("127.0.0.1", 80)`), which `to_socket_addrs` turns into addresses without DNS. It follows
// a `let` binding, and a `match` or `if` whose every branch is such a literal.
func biIPLiteral(t *parser.Tree, e parser.NodeID) bool {
	return biIPLiteralDepth(t, e, 0)
}

func biIPLiteralDepth(t *parser.Tree, e parser.NodeID, depth int) bool {
	if depth > 4 {
		return false
	}
	e = t.Unparen(e)
	if t.Is(e, parser.KReferenceExpression) {
		e = t.Unparen(t.NamedChild(e, 0))
	}
	switch t.Kind(e) {
	case parser.KTupleExpression:
		host := t.NamedChild(e, 0)
		return t.Is(host, parser.KStringLiteral) && net.ParseIP(strings.Trim(t.Text(host), `"`)) != nil
	case parser.KStringLiteral:
		host, _, err := net.SplitHostPort(strings.Trim(t.Text(e), `"`))
		return err == nil && net.ParseIP(host) != nil
	case parser.KIdentifier:
		val, _ := biBinding(t, e)
		return val >= 0 && biIPLiteralDepth(t, val, depth+1)
	case parser.KBlock:
		last := parser.None
		for _, c := range t.NamedChildren(e) {
			last = c
		}
		if t.Is(last, parser.KExpressionStatement) {
			return false
		}
		return last >= 0 && biIPLiteralDepth(t, last, depth+1)
	case parser.KMatchExpression:
		arms := 0
		all := true
		t.Walk(t.Field(e, parser.FBody), func(d parser.NodeID) bool {
			if t.Is(d, parser.KMatchArm) {
				arms++
				if !biIPLiteralDepth(t, t.Field(d, parser.FValue), depth+1) {
					all = false
				}
				return false
			}
			return true
		})
		return arms > 0 && all
	case parser.KIfExpression:
		alt := t.Field(e, parser.FAlternative)
		if alt < 0 || !biIPLiteralDepth(t, t.Field(e, parser.FConsequence), depth+1) {
			return false
		}
		return biIPLiteralDepth(t, t.NamedChild(alt, 0), depth+1)
	}
	return false
}

// biRuntimeHandedOff reports whether the runtime a call creates is bound with `let` and then
// given to `std::mem::forget`, or used inside a closure handed to another thread
// (`spawn_blocking(move || drop(rt))`, `std::thread::spawn(move || rt.block_on(..))`): then it
// is not dropped in async code, which is what panics.
func biRuntimeHandedOff(t *parser.Tree, call parser.NodeID) bool {
	// Climb from the call to the `let` that binds the runtime: through `?`, `.unwrap()`,
	// `.expect(..)`, and `Arc::new(..)` / `Rc::new(..)`.
	n := call
	for {
		par := t.Parent(n)
		switch {
		case t.Is(par, parser.KTryExpression), t.Is(par, parser.KParenthesizedExpression):
			n = par
			continue
		case t.Is(par, parser.KFieldExpression) && t.Field(par, parser.FValue) == n:
			if c := t.Parent(par); t.Is(c, parser.KCallExpression) {
				switch MethodName(t, c) {
				case "unwrap", "expect":
					n = c
					continue
				}
			}
		case t.Is(par, parser.KArguments):
			if c := biArgumentOf(t, n); c >= 0 && strings.HasSuffix(CalleePath(t, c), "::new") {
				switch LastSegment(strings.TrimSuffix(CalleePath(t, c), "::new")) {
				case "Arc", "Rc", "Box":
					n = c
					continue
				}
			}
		}
		break
	}
	let := t.Parent(n)
	if !t.Is(let, parser.KLetDeclaration) || t.Field(let, parser.FValue) != n {
		return false
	}
	pat := t.Field(let, parser.FPattern)
	if t.Is(pat, parser.KMutPattern) {
		pat = t.NamedChild(pat, 0)
	}
	if !t.Is(pat, parser.KIdentifier) {
		return false
	}
	name := t.Text(pat)
	scope := t.Parent(let)
	handed := false
	t.Walk(scope, func(d parser.NodeID) bool {
		if handed {
			return false
		}
		if t.Nodes[d].End <= t.Nodes[let].End && !t.IsAncestor(d, let) {
			return false
		}
		if !t.Is(d, parser.KIdentifier) || !t.TextIs(d, name) || t.IsAncestor(let, d) {
			return true
		}
		if c := biArgumentOf(t, d); c >= 0 && LastSegment(CalleePath(t, c)) == "forget" {
			handed = true
			return false
		}
		t.Ancestors(d, func(a parser.NodeID) bool {
			if a == scope {
				return false
			}
			if t.Is(a, parser.KClosureExpression) {
				if c := biArgumentOf(t, a); c >= 0 && biOffloads[biCalleeLast(t, c)] {
					handed = true
					return false
				}
			}
			return true
		})
		return !handed
	})
	return handed
}
