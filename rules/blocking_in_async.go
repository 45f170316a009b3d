package rules

import (
	"bytes"
	_ "embed"
	"fmt"
	"net"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/rustaudit/rustaudit/cargo"
	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/knowledge"
	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules/cfg"
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
	Contexts: map[ContextKind]Level{CtxTest: LevelNote, CtxExample: LevelNote, CtxDevTool: LevelAllow, CtxCLI: LevelNote},
	// Function items and calls also record the package's call graph and roots (see
	// "Where blocking code runs" below); facts need every file, so no Needs.
	Kinds: []parser.Kind{parser.KSourceFile, parser.KFunctionItem, parser.KCallExpression},
	Check: checkBlockingInAsync,
	Options: map[string]any{
		// Extra calls to treat as blocking: full paths of functions ("mycrate::db::query_sync"),
		// or ".name" for every method call of that name (".query_sync").
		"extra": []string{},
		// Report blocking file I/O at warning wherever it runs, not only where something
		// shows it runs per item: in a loop, below a caller's loop or a per-connection task.
		"file-io-anywhere": false,
		// Report waits for a child process (`std::process::Command::output`, `status`,
		// `Child::wait`) at warning wherever they run, not only per item or per request.
		"process-wait-anywhere": false,
	},
}

// biFileIOCaps: file I/O in test code is not reported. A test reads and writes its own
// fixtures on a runtime that runs that test alone; judged on set RG, 312 of the 325 notes
// blocking_in_async gave in tests were `std::fs` calls (one project alone had 291). A sleep,
// a wait or a lock in a test stays a note: it can stall a task the test spawned and make
// the test hang. `in-tests` in configuration brings file I/O back.
var biFileIOCaps = map[ContextKind]Level{CtxTest: LevelAllow}

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
	// Socket marks the calls of a std socket that do not block once the socket is put in
	// non-blocking mode (`listener.set_nonblocking(true)`: `accept` then returns `WouldBlock`
	// at once).
	Socket bool
	// Opens marks the calls that open a std File: when this body does no I/O on the handle
	// (drops it, stores it, returns it), the open alone moves no data.
	Opens bool
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
	biWhatBlocks  = "blocks the executor thread, stalling every task scheduled on it"
	biWhatFileIO  = "does blocking file I/O on the executor thread, stalling every task scheduled on it"
	biWhatProcess = "waits for the child process to exit, on the executor thread"
	// biWhatChildOutput: a std read of a child's stdout or stderr pipe.
	biWhatChildOutput = "waits for the child process to write its output, on the executor thread"
	biHelpSpawn       = "or move the blocking work to `tokio::task::spawn_blocking(move || ..)` and `.await` its handle"
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

const (
	biWhatThreadChannel = "waits for a message on a thread channel, blocking the executor thread"
	biHelpRecv          = "Use a `tokio::sync::mpsc` channel and `rx.recv().await`, or receive inside `tokio::task::spawn_blocking`."
	biHelpRecvTimeout   = "Use a `tokio::sync::mpsc` channel and `tokio::time::timeout(d, rx.recv()).await`."
)

// biThreadChannelRows are the rows of the thread channels' waits: std's and crossbeam's
// receivers block alike, and each is named as what it is.
func biThreadChannelRows() []biBlocking {
	kinds := []struct {
		recv        string
		from, types []string
	}{
		{"std::sync::mpsc::Receiver",
			[]string{"std::sync::mpsc::channel", "std::sync::mpsc::sync_channel"},
			[]string{"std::sync::mpsc::Receiver"}},
		{"crossbeam_channel::Receiver",
			[]string{"crossbeam_channel::unbounded", "crossbeam_channel::bounded", "crossbeam::channel::unbounded", "crossbeam::channel::bounded"},
			[]string{"crossbeam_channel::Receiver", "crossbeam::channel::Receiver"}},
	}
	var rows []biBlocking
	for _, m := range []struct{ method, help string }{{"recv", biHelpRecv}, {"recv_timeout", biHelpRecvTimeout}} {
		for _, k := range kinds {
			rows = append(rows, biBlocking{Match: biMethodFrom, Method: m.method, Name: k.recv + "::" + m.method,
				From: k.from, Types: k.types, What: biWhatThreadChannel, Help: m.help})
		}
	}
	return rows
}

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
		{Match: biPath, Path: "std::fs::File::open", What: biWhatFileIO, Opens: true,
			Help: "Use `tokio::fs::File::open(path).await`, " + biHelpSpawn + "."},
		{Match: biPath, Path: "std::fs::File::create", What: biWhatFileIO, Opens: true,
			Help: "Use `tokio::fs::File::create(path).await`, " + biHelpSpawn + "."},
		{Match: biPath, Path: "std::fs::File::create_new", What: biWhatFileIO, Opens: true,
			Help: "Use `tokio::fs::File::create_new(path).await`, " + biHelpSpawn + "."},
		{Match: biMethodFrom, Method: "open", Name: "std::fs::OpenOptions::open", Opens: true,
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
		{Match: biMethodFrom, Method: "socket_addrs", Name: "url::Url::socket_addrs",
			From: []string{"url::Url::parse"}, Types: []string{"url::Url"},
			What: "resolves the URL's host name with std's blocking resolver on the executor thread",
			Help: "Use `tokio::net::lookup_host((url.host_str().unwrap_or_default(), port)).await`."},
		{Match: biMethodFrom, Method: "accept", Name: "std::net::TcpListener::accept", Socket: true,
			From: []string{"std::net::TcpListener::bind"}, Types: []string{"std::net::TcpListener"}, What: "waits for a connection on a blocking socket, on the executor thread",
			Help: "Use `tokio::net::TcpListener` and `listener.accept().await` (`TcpListener::from_std` converts a std listener after `set_nonblocking(true)`)."},
		{Match: biMethodFrom, Method: "incoming", Name: "std::net::TcpListener::incoming", Socket: true,
			From: []string{"std::net::TcpListener::bind"}, Types: []string{"std::net::TcpListener"}, What: "waits for connections on a blocking socket, on the executor thread",
			Help: "Use `tokio::net::TcpListener` and `listener.accept().await` in a loop."},
		{Match: biMethodFrom, Method: "accept", Name: "std::os::unix::net::UnixListener::accept", Socket: true,
			From: []string{"std::os::unix::net::UnixListener::bind"}, Types: []string{"std::os::unix::net::UnixListener"}, What: "waits for a connection on a blocking socket, on the executor thread",
			Help: "Use `tokio::net::UnixListener` and `listener.accept().await` (`UnixListener::from_std` converts a std listener after `set_nonblocking(true)`)."},
		{Match: biMethodFrom, Method: "incoming", Name: "std::os::unix::net::UnixListener::incoming", Socket: true,
			From: []string{"std::os::unix::net::UnixListener::bind"}, Types: []string{"std::os::unix::net::UnixListener"}, What: "waits for connections on a blocking socket, on the executor thread",
			Help: "Use `tokio::net::UnixListener` and `listener.accept().await` in a loop."},

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
			From: []string{"std::process::Command::new"}, Types: []string{"std::process::Command"}, What: biWhatProcess,
			Help: "Use `tokio::process::Command` (same builder) and `.output().await`."},
		{Match: biMethodFrom, Method: "status", Name: "std::process::Command::status",
			From: []string{"std::process::Command::new"}, Types: []string{"std::process::Command"}, What: biWhatProcess,
			Help: "Use `tokio::process::Command` (same builder) and `.status().await`."},
		{Match: biMethodFrom, Method: "wait", Name: "std::process::Child::wait",
			From: []string{"std::process::Command::new"}, Types: []string{"std::process::Child"}, What: biWhatProcess,
			Help: "Spawn the child with `tokio::process::Command` and `.wait().await` it."},
		{Match: biMethodFrom, Method: "wait_with_output", Name: "std::process::Child::wait_with_output",
			From: []string{"std::process::Command::new"}, Types: []string{"std::process::Child"}, What: biWhatProcess,
			Help: "Spawn the child with `tokio::process::Command` and `.wait_with_output().await` it."},

		// Threads and thread channels.
		{Match: biMethodFrom, Method: "join", Name: "std::thread::JoinHandle::join",
			From: []string{"std::thread::spawn", "std::thread::Builder::new"}, Types: []string{"std::thread::JoinHandle"},
			What: "waits for a thread to finish, on the executor thread",
			Help: "Run the work with `tokio::task::spawn_blocking(move || ..)` and `.await` its `JoinHandle`, or send the result back over a `tokio::sync::oneshot` channel."},

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
	tbl = append(tbl, biThreadChannelRows()...)
	// A child's output pipe: a std read waits until the child writes (or exits).
	for _, m := range biChildReadMethods {
		tbl = append(tbl, biBlocking{Match: biMethodFrom, Method: m.method, Name: m.trait + "::" + m.method,
			From: biChildPipes, Types: biChildPipeTypes, What: biWhatChildOutput, Help: biHelpChildOutput})
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
	switch t.Kind(call) {
	case parser.KSourceFile:
		if call == t.Root() {
			biRecordFile(p)
			recordTypeFacts(p)    // receivers and fns typed in other files (blocking_xfn.go)
			recordStartupFacts(p) // start-up code (startup.go)
			if p.Mentions("pollster") {
				Record(p, biFactPollster, true)
			}
		}
		return
	case parser.KFunctionItem:
		biRecordFn(p, call)
		biRecordSyncFn(p, call)
		return
	}
	biRecordRoots(p, call)
	fn := Callee(t, call)
	var entry *biBlocking
	var extraName string
	var xfn biXfn // a File's method known by type, or a call of a crate fn (blocking_xfn.go)
	switch t.Kind(fn) {
	case parser.KFieldExpression, parser.KIdentifier, parser.KScopedIdentifier:
		entry, extraName = biMatchCall(p, call, fn, false)
	default:
		return
	}
	if entry == nil && !biXfnWorth(p, call) {
		return
	}
	ctx, ok := biAsyncContext(t, call)
	if !ok || biAwaited(t, call) {
		return
	}
	if entry == nil && t.Is(fn, parser.KFieldExpression) {
		entry, xfn.typedGate = biMatchFileMethod(p, call, t.Text(t.Field(fn, parser.FField)))
		xfn.typed = entry
	} else if entry != nil && entry.Match == biMethod && extraName == "" && !biNameSaysBlocking(entry.Method) {
		xfn.ownGate = biOwnMethodGate(p, call, entry.Method)
	}
	if entry == nil {
		if entry, extraName = biChainEntry(p, call, &xfn); entry == nil {
			return
		}
	}
	if entry.Creates && biRuntimeHandedOff(t, call) {
		return
	}
	if entry.Socket && biSetNonblocking(t, call) {
		return
	}
	if entry.Match == biMethodFrom && entry.Method == "recv" && biFilledBefore(t, call, ctx.body) {
		// `for _ in 0..N { tx.send(buf)?; } let b = rx.recv()?;`: the message is there
		return
	}
	if (entry.Creates || biIsBlockOnName(biCalleeLast(t, call))) && biOutsideRuntime(t, call, ctx.body) {
		// `match Handle::try_current() { Ok(_) => f().await, Err(_) => { let rt = ..build()?;
		// rt.block_on(f()) } }`: the runtime is made and blocked on only where no Tokio
		// runtime runs the code (a sync bridge for a pollster-driven caller).
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
	if what == biWhatFileIO {
		d.Caps = biFileIOCaps
	}
	if t.Is(fn, parser.KFieldExpression) {
		// Point at the method and its arguments, not at the start of a long builder chain.
		span := t.SpanBetween(t.Field(fn, parser.FField), call)
		d.Span = &span
	}
	isBlockOn := entry.Match == biLastSegment || entry.Match == biMethod && entry.Method == "block_on"
	if entry.Match == biLastSegment && biHandedToBlockOn(t, call) {
		// `block_on(block_on_spawn_all(tasks))`: the inner call makes the future the outer
		// one runs; only the outer one blocks.
		return
	}
	if isBlockOn {
		loadable := p.Info.Package != nil && p.Info.Package.Loadable
		var note string
		d.Message, d.Level, note = biBlockOnVerdict(t, call, fmt.Sprintf("%s in %s", name, ctx.describe(t)), loadable)
		if note != "" {
			d.Notes = append(d.Notes, note)
		}
		if root := biOwnBlockOn(t, call, CrateName(p.Info.Package)); entry.Match == biLastSegment && d.Level == LevelWarning && root != "" {
			d.Level = LevelNote
			d.Notes = append(d.Notes, fmt.Sprintf("note here, not warning: this `%s` is no executor's but a fn of `%s`, known here by its name only: what it does is in its body (one that wraps `tokio::task::block_in_place` lets the worker's other tasks move to another thread; one that calls `futures::executor::block_on` stalls them)", LastSegment(CalleePath(t, call)), root))
		}
	}
	if d.Level == LevelError && (entry.Creates || isBlockOn) {
		biForeignLevel(t, &d, ctx, entry.Creates, fmt.Sprintf("%s in %s", name, ctx.describe(t)))
	}
	if d.Level == LevelError && entry.Creates {
		if mv := biRuntimeMovedAway(t, call); mv >= 0 {
			d.Level = LevelNote
			d.Notes = append(d.Notes, fmt.Sprintf("note here, not error: the runtime is moved into %s (line %d), whose new owner decides where it is dropped: a drop on an async thread panics, one inside `tokio::task::block_in_place`, `spawn_blocking` or on a thread of its own does not", biMoveWhat(t, mv), t.Nodes[mv].StartRow+1))
		} else if sd := biRuntimeShutDown(t, call); sd >= 0 {
			d.Level = LevelNote
			d.Notes = append(d.Notes, fmt.Sprintf("note here, not error: the runtime is shut down with `shutdown_background()` (line %d), which does not wait and is Tokio's way to drop a runtime from async code; it is dropped, and panics, only if the code leaves before that line (an early return or `?`)", t.Nodes[sd].StartRow+1))
		}
	}
	if d.Level == LevelAllow {
		d.Level = LevelWarning
	}
	switch {
	case ctx.via >= 0:
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
	case entry.Cheap && d.Level == LevelWarning:
		// In a loop too, a walk over a folder included: judged on real code, metadata calls
		// per item (a directory per layer or zip entry, a stale file per log, a symlink per
		// secret, a cleanup walk over a cache folder) were worth changing about once in
		// thirty; the reads and writes beside them are reported on their own.
		cheap := fmt.Sprintf("%s changes or reads metadata only, in one or a few system calls that move no file data; on a local disk it returns in microseconds, about what handing it to the blocking pool costs", name)
		d.Level = LevelNote
		loop := biLoopAround(t, call, ctx.body)
		switch why := biNotBatch(t, loop); {
		case loop < 0:
			d.Notes = append(d.Notes, "note here, not warning: "+cheap+". It matters in a loop over a large folder, on a network file system, or on a hot path")
		case why != "":
			d.Notes = append(d.Notes, "note here, not warning: "+cheap+", and the loop around it is no batch: "+why)
		default:
			d.Notes = append(d.Notes, fmt.Sprintf("note here, not warning: %s, once per turn of the loop at line %d: microseconds per item. It matters when the loop walks a folder that can hold many thousands of entries, or on a network file system", cheap, t.Nodes[loop].StartRow+1))
		}
	}
	if d.Level == LevelWarning && (entry.Name == "std::net::ToSocketAddrs::to_socket_addrs" || entry.Path == "std::net::ToSocketAddrs::to_socket_addrs") && ctx.via < 0 {
		if bind := biBindsResolved(t, call, ctx.body); bind >= 0 {
			d.Level = LevelNote
			d.Notes = append(d.Notes, fmt.Sprintf("note here, not warning: it resolves the address a listener is bound to (`%s`, line %d): once per listener, when a server starts, and a listen address is rarely a name that needs DNS", CallText(t, bind), t.Nodes[bind].StartRow+1))
		} else if name := biListenAddressName(t, call); name != "" {
			d.Level = LevelNote
			d.Notes = append(d.Notes, fmt.Sprintf("note here, not warning: the address resolved is named as one a server listens on (`%s`): it is resolved once per listener, when the server starts, and a listen address is rarely a name that needs DNS", name))
		}
	}
	if entry.Name == "std::thread::JoinHandle::join" && ctx.via < 0 && biJoinAfterFinished(t, call) {
		// `else if h.is_finished() { h.join() }`: the thread has ended; join returns at once
		return
	}
	if entry.Name == "std::thread::JoinHandle::join" && d.Level == LevelWarning && ctx.via < 0 {
		if sp := biSpawnedJustBefore(t, call, ctx.body); sp >= 0 {
			d.Level = LevelNote
			d.Notes = append(d.Notes, fmt.Sprintf("note here, not warning: the thread is spawned at line %d and joined with no `.await` in between: the executor thread waits exactly as long as the closure runs, as if it called the closure itself, which gets a fresh OS thread to run on (a pattern for work that changes its thread: namespaces, thread-locals, a runtime of its own). It matters when the closure runs long; `tokio::task::spawn_blocking` then frees the executor", t.Nodes[sp].StartRow+1))
		}
	}
	if d.Level == LevelWarning && entry.Name == "std::process::Child::wait" && ctx.via < 0 {
		if rd := biChildOutputReadBefore(t, call, ctx.body); rd >= 0 {
			// `while let Ok(n) = out.read_line(&mut buf) { .. } child.wait()`: the read
			// that waits is reported; the child has closed its output by the wait.
			d.Level = LevelNote
			d.Notes = append(d.Notes, fmt.Sprintf("note here, not warning: the child's output is read before it (`%s`, line %d), which is reported where it waits: once the child has closed its output it has exited or is about to, so this wait is short", compactText(t, Callee(t, rd)), t.Nodes[rd].StartRow+1))
		}
	}
	if d.Level == LevelWarning && entry.Match == biPath && entry.Path == "std::thread::sleep" && ctx.via < 0 {
		if args := Args(t, call); len(args) == 1 {
			if ns, ok := biDurationNanos(t, biFileConstValue(t, args[0])); ok && ns < 1_000_000 {
				// `thread::sleep(Duration::from_micros(100))` between polls of a queue: a
				// back-off finer than any async timer (tokio's resolution is 1 ms)
				d.Level = LevelNote
				d.Notes = append(d.Notes, fmt.Sprintf("note here, not warning: it sleeps %s, less than an async timer can (Tokio's timers have 1 ms resolution): a back-off between polls, which stalls the thread for no longer than that", biNanos(ns)))
			}
		}
	}
	if d.Level == LevelWarning && biTimedWaits[biCalleeLast(t, call)] {
		if args := Args(t, call); len(args) > 0 {
			if ns, ok := biDurationNanos(t, args[len(args)-1]); ok && ns <= 1_000_000 {
				d.Level = LevelNote
				d.Notes = append(d.Notes, fmt.Sprintf("note here, not warning: its timeout is %s, so it waits at most that long: a poll of the channel (like `try_recv`) rather than a wait; in a loop that awaits between polls it stalls no one", biNanos(ns)))
			}
		}
	}
	if d.Level == LevelWarning && ctx.via < 0 {
		if ex := biBeforeExit(t, call); ex >= 0 {
			// `thread::sleep(2s); std::process::exit(code);`: the process ends right after.
			d.Level = LevelNote
			if t.Is(ex, parser.KReturnExpression) || t.Is(ex, parser.KMacroInvocation) && !biPanics(t.MacroName(ex)) {
				d.Notes = append(d.Notes, fmt.Sprintf("note here, not warning: the spawned task returns right after it (line %d): the stall happens once, as the task ends (a last write before failing)", t.Nodes[ex].StartRow+1))
			} else if t.Is(ex, parser.KMacroInvocation) {
				d.Notes = append(d.Notes, fmt.Sprintf("note here, not warning: `%s!` (line %d) panics right after it: the task ends there, so the stall happens once, as it dies (a last write before failing)", t.MacroName(ex), t.Nodes[ex].StartRow+1))
			} else {
				d.Notes = append(d.Notes, fmt.Sprintf("note here, not warning: `%s` (line %d) ends the process right after it: no task is left for it to stall (a pause that lets logs flush, a last write before exiting)", CalleePath(t, ex), t.Nodes[ex].StartRow+1))
			}
		}
	}
	if entry.Opens && d.Level == LevelWarning && ctx.via < 0 {
		loop := biLoopAround(t, call, ctx.body)
		if why := biOpenOnly(t, call, ctx.body); why != "" && (loop < 0 || biNotBatch(t, loop) != "") {
			d.Level = LevelNote
			d.Notes = append(d.Notes, "note here, not warning: the file is only opened here, "+why+": an open is one metadata system call that moves no data (microseconds on a local disk); the reads and writes on the handle are where blocking costs, and they are reported where they run. It matters on a network file system or in a loop")
		}
	}
	if d.Level == LevelWarning && entry.What == biWhatProcess && (entry.Method == "output" || entry.Method == "status") {
		if prog := biCommandProgram(t, Receiver(t, call)); biInstantCommands[prog] {
			d.Level = LevelNote
			d.Notes = append(d.Notes, fmt.Sprintf("note here, not warning: `%s` is a utility that answers at once (it looks something up and exits, in milliseconds): the thread is held that long, each time. It matters when it runs per request under load, or when the command can be slow (a network file system, a hung device)", prog))
		}
	}
	if d.Level == LevelWarning && entry.What == biWhatFileIO && ctx.via < 0 {
		if loop := biLoopAround(t, call, ctx.body); loop >= 0 && !t.Is(loop, parser.KForExpression) {
			if secs, at := biPacedPeriod(t, loop); secs >= biBackgroundPeriod {
				d.Level = LevelNote
				d.Notes = append(d.Notes, fmt.Sprintf("note here, not warning: it runs at most once per turn of a background loop that waits %s on a timer every turn (line %d): a short stall that rare costs the other tasks little. It matters when the file is large or on a network file system",
					biSeconds(secs), t.Nodes[at].StartRow+1))
			} else if at := biSignalPaced(t, loop); at >= 0 {
				d.Level = LevelNote
				d.Notes = append(d.Notes, fmt.Sprintf("note here, not warning: it runs once per turn of a loop that waits for a Unix signal every turn (line %d): once each time an operator sends the signal (a log reopen, a config reload), a short stall that rare costs the other tasks little. It matters when the file is large or on a network file system",
					t.Nodes[at].StartRow+1))
			}
		}
	}
	if entry.Match == biPath && entry.Path == "std::thread::sleep" {
		if fx, ok := biSleepFix(p, call, fn, ctx); ok {
			d.Fixes = append(d.Fixes, fx)
		}
	}
	gate := xfn.finish(p, call, &d, ctx, biInLoop(t, call, ctx.body))
	if d.Level == LevelWarning && !p.userLevel {
		if q, ok := biQueryFor(p, call, ctx); ok {
			q.Process = entry.What == biWhatProcess || entry.What == biWhatChildOutput
			q.Brief = (entry.What == biWhatFileIO || q.Process) && ctx.via < 0
			q.Anywhere = p.BoolOption("file-io-anywhere")
			if entry.What == biWhatFileIO {
				q.Cheap = entry.Cheap
				if biReads(entry, name) {
					q.Data = biReturnsData(t, call, ctx.body)
				}
			}
			if q.Process {
				q.Anywhere = p.BoolOption("process-wait-anywhere")
			}
			stdin := ctx.via < 0 && slices.Contains(entry.From, "std::io::stdin")
			around := biLoopAround(t, call, ctx.body)
			inLoop := around >= 0 && !biConfigLoop(t, around)
			q.Iterated = !inLoop && biIterated(t, call)
			q.Loop = inLoop || q.Iterated || q.SpawnLoop
			loop := q.Loop
			p.ReportLater(d, func(c *Crate, f *finding.Finding) bool {
				if gate != nil && !gate(c, f) {
					return false
				}
				biSettleContext(c, f, q)
				if stdin && !c.ContextSet() {
					biSettlePrompt(c, f, q, loop)
				}
				return true
			})
			return
		}
	}
	if gate != nil {
		p.ReportLater(d, gate)
		return
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

// biBlockOnVerdict says what a block_on in async code does, with its level and a note on
// that level: Tokio's `Runtime::block_on` and `Handle::block_on` panic there (an error;
// a warning in a loadable library, whose async code a host's own copy of Tokio may drive);
// another executor's block_on blocks the thread (a warning), and never returns when the
// future waits on what only this thread drives (Tokio timers or I/O of a current-thread
// runtime: an error).
func biBlockOnVerdict(t *parser.Tree, call parser.NodeID, subject string, loadable bool) (string, Level, string) {
	msg := func(what string) string {
		return subject + " " + what
	}
	if MethodName(t, call) != "" {
		recv := t.Unparen(Receiver(t, call))
		if dtIsRuntimeExpr(t, recv, 0) {
			const why = "Tokio does not let a thread that drives async tasks block on a future (\"Cannot start a runtime from within a runtime\")"
			if loadable {
				return msg("panics if this library's copy of Tokio drives the code: " + why), LevelWarning,
					"warning here, not error: this package's library is built as a `cdylib` or `staticlib`, an extension that a host program loads; the async code may be driven by the host's own copy of Tokio, whose runtime this copy does not see, and then `block_on` does not panic (it still blocks the host's thread)"
			}
			return msg("panics: " + why), LevelError, ""
		}
		who := "the receiver"
		if txt := t.Text(recv); len(txt) <= 32 && !strings.ContainsAny(txt, "\n{") {
			who = "`" + txt + "`"
		}
		return msg(biWhatBlockOn + "; if " + who + " is a Tokio `Runtime` or `Handle`, it panics instead (\"Cannot start a runtime from within a runtime\")"), LevelWarning, ""
	}
	if runtime := biBlockOnDeadlock(t, call); runtime != "" {
		return msg("never returns: it blocks the only thread of " + runtime + ", and its future waits on a Tokio timer or socket that only that thread drives"), LevelError, ""
	}
	return msg(biWhatBlockOn), LevelWarning, ""
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
	fn := t.AncestorOfKind(call, parser.KFunctionItem)
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

// biPromptLoop reports whether a loop waits for its user on every turn: its body or
// condition makes a blocking terminal read (`rl.readline(&prompt)`, `line_editor
// .read_line(&prompt)`, `stdin().read_line(&mut s)`, dialoguer's `interact()`), not awaited.
// Such a loop runs one interactive step at a time and already holds its thread while the
// user types: a blocking call made once per step is paced by the user, not per item.
func biPromptLoop(t *parser.Tree, loop parser.NodeID) bool {
	found := false
	t.Walk(loop, func(d parser.NodeID) bool {
		if found || d != loop && IsBodyBoundary(t, d) {
			return false
		}
		if t.Is(d, parser.KCallExpression) {
			switch MethodName(t, d) {
			case "readline", "read_line", "interact", "interact_text", "interact_opt":
				p := t.Parent(d)
				for t.Is(p, parser.KTryExpression) || t.Is(p, parser.KParenthesizedExpression) {
					p = t.Parent(p)
				}
				found = !t.Is(p, parser.KAwaitExpression)
			}
		}
		return !found
	})
	return found
}

// biBindsResolved returns the `bind` call (`TcpListener::bind(addr)`, `UdpSocket::bind`,
// `Server::bind`, `socket.bind(&addr)`) that the addresses resolved at call are handed to, by
// way of a `let` of body (`let addr = a.to_socket_addrs()?.next()..; TcpListener::bind(addr)`),
// or None.
func biBindsResolved(t *parser.Tree, call, body parser.NodeID) parser.NodeID {
	let := t.AncestorOfKind(call, parser.KLetDeclaration)
	if let < 0 || !t.IsAncestor(t.Field(let, parser.FValue), call) || body < 0 || !t.IsAncestor(body, let) {
		return parser.None
	}
	names := patternNames(t, t.Field(let, parser.FPattern)).names
	if len(names) != 1 {
		return parser.None
	}
	found := parser.None
	// An `async move` block (the server task spawned with the address) binds it too.
	movedInto := func(d parser.NodeID) bool {
		return t.Is(d, parser.KAsyncBlock) && t.FirstChildOfKind(d, parser.TMove) >= 0
	}
	t.Walk(body, func(d parser.NodeID) bool {
		if found >= 0 || d != body && IsBodyBoundary(t, d) && !movedInto(d) {
			return false
		}
		if !t.Is(d, parser.KCallExpression) || t.Nodes[d].Start < t.Nodes[let].End || biCalleeLast(t, d) != "bind" {
			return true
		}
		for _, a := range Args(t, d) {
			if a = t.Unparen(a); t.Is(a, parser.KReferenceExpression) {
				a = t.Unparen(t.Field(a, parser.FValue))
			}
			if t.Is(a, parser.KIdentifier) && t.TextIs(a, names[0]) {
				found = d
			}
		}
		return found < 0
	})
	return found
}

// biListenAddressName returns the name that says the address a `to_socket_addrs()` call
// resolves is a listen address: the receiver's (`listen_addr.to_socket_addrs()`), the value
// a `match` or `if let` took the receiver from (`match &bind_location { Address(a) =>
// a.to_socket_addrs()? .. }`), the environment variable the receiver reads
// (`env::var("LISTEN_URL")`), the `let` that keeps the result (`let bind_addrs = ..`), or the
// struct field it fills (`listen: ..`), when it mentions "bind" or "listen"; "" otherwise.
func biListenAddressName(t *parser.Tree, call parser.NodeID) string {
	says := func(n parser.NodeID) string { return NameSays(t, n, "bind", "listen") }
	recv := t.Unparen(Receiver(t, call))
	if name := says(recv); name != "" {
		return name
	}
	if t.Is(recv, parser.KIdentifier) {
		name := ""
		t.Ancestors(call, func(a parser.NodeID) bool {
			if IsBodyBoundary(t, a) {
				return false
			}
			var pat, val parser.NodeID = parser.None, parser.None
			switch {
			case t.Is(a, parser.KMatchArm) && t.Is(t.Parent(t.Parent(a)), parser.KMatchExpression):
				pat, val = t.Field(a, parser.FPattern), t.Field(t.Parent(t.Parent(a)), parser.FValue)
			case t.Is(a, parser.KIfExpression):
				if c := t.Field(a, parser.FCondition); t.Is(c, parser.KLetCondition) && t.IsAncestor(t.Field(a, parser.FConsequence), call) {
					pat, val = t.Field(c, parser.FPattern), t.Field(c, parser.FValue)
				}
			}
			if pat >= 0 && patternBinding(t, pat, t.Text(recv)) >= 0 {
				name = says(val)
				return false
			}
			return true
		})
		if name != "" {
			return name
		}
	}
	// `std::env::var("LISTEN_URL").expect(..).to_socket_addrs()`: the variable's name
	for r := recv; t.Is(r, parser.KCallExpression); r = t.Unparen(Receiver(t, r)) {
		if MethodName(t, r) == "" {
			if args := Args(t, r); LastSegment(CalleePath(t, r)) == "var" && len(args) == 1 && t.Is(args[0], parser.KStringLiteral) {
				if name := says(args[0]); name != "" {
					return name
				}
			}
			break
		}
	}
	if let := t.AncestorOfKind(call, parser.KLetDeclaration); let >= 0 && t.IsAncestor(t.Field(let, parser.FValue), call) {
		if name := says(t.Field(let, parser.FPattern)); name != "" {
			return name
		}
	}
	// `Opts { listen: addr.to_socket_addrs()?.next()?, .. }`: the field it fills
	if fi := t.AncestorOfKind(call, parser.KFieldInitializer); fi >= 0 && t.IsAncestor(t.Field(fi, parser.FValue), call) {
		return says(t.Field(fi, parser.FField))
	}
	return ""
}

// biLoopAround returns the innermost loop of the async body around call, or None.
func biLoopAround(t *parser.Tree, call, body parser.NodeID) parser.NodeID {
	return biLoopWhere(t, call, body, func(parser.NodeID) bool { return true })
}

// biOpenOnly says how the handle a file-opening call gives is left alone in body ("" when
// the body may do I/O on it): dropped at once, stored in a field or a struct, or handed back
// to the caller (through `Ok`, `Some`, `Arc::new` ..), with nothing read, written or passed
// to another call on the way. The call is looked at through `?`, `unwrap`, `expect` and
// error mapping.
func biOpenOnly(t *parser.Tree, call, body parser.NodeID) string {
	e := call
	for {
		_, up := ParenParent(t, e)
		if t.Is(up, parser.KTryExpression) {
			e = up
			continue
		}
		if t.Is(up, parser.KFieldExpression) {
			if c := t.Parent(up); t.Is(c, parser.KCallExpression) && t.Field(c, parser.FFunction) == up && biOpenAdapters[MethodName(t, c)] {
				e = c
				continue
			}
		}
		break
	}
	if why, ok := biHandleLeft(t, e); ok {
		return why
	}
	up := t.Parent(e)
	if !t.Is(up, parser.KLetDeclaration) || t.Field(up, parser.FValue) != e {
		return ""
	}
	pat := t.Field(up, parser.FPattern)
	if t.Is(pat, parser.KMutPattern) {
		pat = t.NamedChild(pat, 0)
	}
	switch {
	case t.TextIs(pat, "_"):
		return "and dropped at once"
	case !t.Is(pat, parser.KIdentifier):
		return ""
	}
	name := t.Text(pat)
	scope := t.Parent(up)
	why, uses := "", 0
	ok := true
	t.Walk(scope, func(d parser.NodeID) bool {
		if !ok {
			return false
		}
		if t.Nodes[d].End <= t.Nodes[up].End {
			return true
		}
		if t.Is(d, parser.KMacroInvocation) && TextMentions(t, d, name) {
			ok = false // `writeln!(f, ..)`: a use the tree may not show
			return false
		}
		if !t.Is(d, parser.KIdentifier) || !t.TextIs(d, name) {
			return true
		}
		if p := t.Parent(d); t.Is(p, parser.KFieldExpression) && t.Field(p, parser.FField) == d {
			return true // `x.name`: another value's field
		}
		uses++
		w, left := biHandleLeft(t, d)
		if !left {
			ok = false
			return false
		}
		why = w
		return true
	})
	if !ok {
		return ""
	}
	if uses == 0 {
		return "and never used"
	}
	return why
}

// biOpenAdapters are the methods a file-opening call is looked at through.
var biOpenAdapters = map[string]bool{"unwrap": true, "expect": true, "unwrap_or_else": true, "ok": true, "map_err": true, "inspect_err": true, "context": true, "with_context": true}

// biHandleLeft says how the value e is left alone where it stands: dropped as a statement,
// stored in a field or a struct, or returned (as the tail or through `Ok(..)`, `Some(..)`,
// `Arc::new(..)`, a `Mutex::new(..)`). ok is false for any other use.
func biHandleLeft(t *parser.Tree, e parser.NodeID) (why string, ok bool) {
	for depth := 0; depth < 4; depth++ {
		up := t.Parent(e)
		switch t.Kind(up) {
		case parser.KExpressionStatement:
			return "and dropped at once", true
		case parser.KFieldInitializer, parser.KShorthandFieldInit:
			return "and stored in a struct", true
		case parser.KAssignmentExpression:
			if t.Field(up, parser.FRight) == e && t.Is(t.Field(up, parser.FLeft), parser.KFieldExpression) {
				return "and stored in a field", true
			}
			return "", false
		case parser.KReturnExpression:
			return "and handed to the caller", true
		case parser.KBlock:
			if kids := t.NamedChildren(up); kids[len(kids)-1] == e && IsBodyBoundary(t, t.Parent(up)) {
				return "and handed to the caller", true
			}
			return "", false
		case parser.KArguments:
			c := t.Parent(up)
			segs := strings.Split(CalleePath(t, c), "::")
			if len(segs) > 2 {
				segs = segs[len(segs)-2:]
			}
			if len(Args(t, c)) != 1 || !biWrapperCalls[strings.Join(segs, "::")] {
				return "", false
			}
			e = c
		default:
			return "", false
		}
	}
	return "", false
}

// biWrapperCalls wrap a value without touching it: variants and shared-ownership cells.
var biWrapperCalls = map[string]bool{"Ok": true, "Some": true, "Err": true, "Box::new": true, "Arc::new": true,
	"Rc::new": true, "Mutex::new": true, "RwLock::new": true, "RefCell::new": true}

// biPacingCalls are timer calls whose `.await` paces a loop: a turn per timeout or tick.
var biPacingCalls = map[string]bool{"sleep": true, "sleep_until": true, "delay_for": true, "tick": true, "after": true}

// biNotBatch says why a loop runs a cheap call a few times only, or "" when it may be a
// batch: a `for` over an array or tuple written out (a fixed, small list), or a `loop` or
// `while` that awaits a timer each turn (a retry or re-bind loop, paced by seconds).
func biNotBatch(t *parser.Tree, loop parser.NodeID) string {
	if loop < 0 {
		return ""
	}
	if t.Is(loop, parser.KForExpression) {
		v := t.Unparen(t.Field(loop, parser.FValue))
		if t.Is(v, parser.KReferenceExpression) {
			v = t.Unparen(t.Field(v, parser.FValue))
		}
		if t.Is(v, parser.KArrayExpression) || t.Is(v, parser.KTupleExpression) {
			return fmt.Sprintf("it runs over a list of %d written out at line %d", len(t.NamedChildren(v)), t.Nodes[v].StartRow+1)
		}
		return ""
	}
	why := ""
	t.Walk(t.Field(loop, parser.FBody), func(d parser.NodeID) bool {
		switch t.Kind(d) {
		case parser.KFunctionItem, parser.KClosureExpression, parser.KAsyncBlock:
			return false
		case parser.KAwaitExpression:
			if c := t.Unparen(t.NamedChild(d, 0)); t.Is(c, parser.KCallExpression) && biPacingCalls[biCalleeLast(t, c)] {
				why = fmt.Sprintf("each turn awaits `%s` (line %d), so it is a retry loop paced by a timer", biCalleeLast(t, c), t.Nodes[d].StartRow+1)
				return false
			}
		}
		return why == ""
	})
	return why
}

// biBackgroundPeriod is the shortest timer period, in seconds, that makes a loop a
// background job: file I/O it does once a minute or less often is a note.
const biBackgroundPeriod = 60

// biPacedPeriod returns the seconds each turn of loop waits on a timer awaited as a
// statement of its body, with the await: `sleep(Duration::from_secs(300)).await;` or
// `ticker.tick().await;` of `let mut ticker = interval(Duration::from_secs(3600))`. It
// returns 0 when no such timer has a period written with literals.
func biPacedPeriod(t *parser.Tree, loop parser.NodeID) (int64, parser.NodeID) {
	body := t.Field(loop, parser.FBody)
	for _, st := range t.NamedChildren(body) {
		e := st
		if t.Is(e, parser.KExpressionStatement) {
			e = t.NamedChild(e, 0)
		}
		if !t.Is(e, parser.KAwaitExpression) {
			continue
		}
		c := t.Unparen(t.NamedChild(e, 0))
		if !t.Is(c, parser.KCallExpression) {
			continue
		}
		var dur parser.NodeID = parser.None
		switch name := biCalleeLast(t, c); name {
		case "sleep", "delay_for":
			if args := Args(t, c); len(args) == 1 {
				dur = args[0]
			}
		case "tick":
			recv := t.Unparen(Receiver(t, c))
			if !t.Is(recv, parser.KIdentifier) {
				continue
			}
			if v, _ := biBinding(t, recv); t.Is(t.Unparen(v), parser.KCallExpression) {
				args := Args(t, t.Unparen(v))
				switch biCalleeLast(t, t.Unparen(v)) {
				case "interval":
					if len(args) == 1 {
						dur = args[0]
					}
				case "interval_at":
					if len(args) == 2 {
						dur = args[1]
					}
				}
			}
		}
		if secs := biDurationSecs(t, dur); secs > 0 {
			return secs, e
		}
	}
	return 0, parser.None
}

// biDurationSecs evaluates a `Duration` written with literals (`Duration::from_secs(60 * 5)`,
// `from_millis(90_000)`, `Duration::new(300, 0)`) to whole seconds, or 0.
func biDurationSecs(t *parser.Tree, d parser.NodeID) int64 {
	d = t.Unparen(d)
	if !t.Is(d, parser.KCallExpression) {
		return 0
	}
	args := Args(t, d)
	if len(args) == 0 {
		return 0
	}
	v, ok := EvalConst(ConstExprOf(t, args[0]), "", 0, nil)
	if !ok || !v.IsInt64() {
		return 0
	}
	switch n := v.Int64(); biCalleeLast(t, d) {
	case "from_secs", "new":
		return n
	case "from_millis":
		return n / 1000
	case "from_mins":
		return n * 60
	case "from_hours":
		return n * 3600
	}
	return 0
}

// biTimedWaits are the blocking waits bounded by their last argument, a Duration.
var biTimedWaits = map[string]bool{"recv_timeout": true, "park_timeout": true}

// biDurationNanos evaluates `Duration::from_nanos/micros/millis/secs(n)` (or `new(s, 0)`) to
// nanoseconds.
func biDurationNanos(t *parser.Tree, d parser.NodeID) (int64, bool) {
	d = t.Unparen(d)
	if !t.Is(d, parser.KCallExpression) {
		return 0, false
	}
	args := Args(t, d)
	if len(args) == 0 {
		return 0, false
	}
	v, ok := EvalConst(ConstExprOf(t, args[0]), "", 0, nil)
	if !ok || !v.IsInt64() || v.Int64() < 0 || v.Int64() > 1<<40 {
		return 0, false
	}
	n := v.Int64()
	switch biCalleeLast(t, d) {
	case "from_nanos":
		return n, true
	case "from_micros":
		return n * 1_000, true
	case "from_millis":
		return n * 1_000_000, true
	case "from_secs":
		return n * 1_000_000_000, true
	}
	return 0, false
}

// biJoinAfterFinished reports whether a thread's `h.join()` runs only where
// `h.is_finished()` was true: in the body of `if h.is_finished()`, or after `if
// !h.is_finished() { .. } else ..` (also as a later `else if` of that chain). A finished
// thread's join returns at once.
func biJoinAfterFinished(t *parser.Tree, call parser.NodeID) bool {
	recv := joinFields(t.Text(Receiver(t, call)), "")
	finished := func(cond parser.NodeID) (yes, negated bool) {
		c := t.Unparen(cond)
		if x, ok := Negated(t, c); ok {
			c, negated = x, true
		}
		return t.Is(c, parser.KCallExpression) && MethodName(t, c) == "is_finished" && len(Args(t, c)) == 0 &&
			joinFields(t.Text(Receiver(t, c)), "") == recv, negated
	}
	for a := t.Parent(call); a >= 0 && !IsBodyBoundary(t, a); a = t.Parent(a) {
		if !t.Is(a, parser.KIfExpression) {
			continue
		}
		yes, negated := finished(t.Field(a, parser.FCondition))
		if !yes {
			continue
		}
		if !negated && t.IsAncestor(t.Field(a, parser.FConsequence), call) {
			return true
		}
		if alt := t.Field(a, parser.FAlternative); negated && alt >= 0 && t.IsAncestor(alt, call) {
			return true
		}
	}
	return false
}

// biSpawnedJustBefore returns the `std::thread::spawn(..)` (or `Builder::spawn(..)`) call
// whose handle join (a `.join()` call) waits for, when it is in body before join with no
// `.await` of body between them: `thread::spawn(f).join()`, or `let h = thread::spawn(f); ..;
// h.join()` with no suspension in between. None otherwise.
func biSpawnedJustBefore(t *parser.Tree, join, body parser.NodeID) parser.NodeID {
	sp := biThreadSpawnOf(t, Receiver(t, join), 0)
	if sp < 0 || body < 0 || !t.IsAncestor(body, sp) || EnclosingBody(t, sp) != EnclosingBody(t, join) {
		return parser.None
	}
	from, to := t.Nodes[sp].End, t.Nodes[join].Start
	awaits := false
	t.Walk(body, func(d parser.NodeID) bool {
		if awaits || d != body && IsBodyBoundary(t, d) || t.Nodes[d].End <= from || t.Nodes[d].Start >= to {
			return false
		}
		awaits = t.Is(d, parser.KAwaitExpression) && t.Nodes[d].Start >= from
		return !awaits
	})
	if awaits {
		return parser.None
	}
	return sp
}

// biThreadSpawnOf follows a join handle's expression e (through `?`, `.unwrap()`, `&`, `let`
// bindings of the same function) to the call that spawned its thread, or None.
func biThreadSpawnOf(t *parser.Tree, e parser.NodeID, depth int) parser.NodeID {
	if depth > 6 || e < 0 {
		return parser.None
	}
	e = t.Unparen(e)
	switch t.Kind(e) {
	case parser.KTryExpression, parser.KReferenceExpression:
		return biThreadSpawnOf(t, t.NamedChild(e, 0), depth+1)
	case parser.KIdentifier:
		if val, _ := biBinding(t, e); val >= 0 {
			return biThreadSpawnOf(t, val, depth+1)
		}
	case parser.KCallExpression:
		f := Callee(t, e)
		switch t.Kind(f) {
		case parser.KIdentifier, parser.KScopedIdentifier:
			if t.Imports.Resolve(t.Text(f)) == "std::thread::spawn" {
				return e
			}
		case parser.KFieldExpression:
			switch MethodName(t, e) {
			case "spawn":
				if biReceiverFrom(t, t.Field(f, parser.FValue), []string{"std::thread::Builder::new"}, nil) {
					return e
				}
			case "unwrap", "expect": // `Builder::spawn(..)` returns an io::Result
				return biThreadSpawnOf(t, t.Field(f, parser.FValue), depth+1)
			}
		}
	}
	return parser.None
}

// biFileConstValue returns the value of the file's top-level `const NAME: T = value;` when e
// names one (`thread::sleep(BACKOFF)`), else e.
func biFileConstValue(t *parser.Tree, e parser.NodeID) parser.NodeID {
	e = t.Unparen(e)
	if !t.Is(e, parser.KIdentifier) {
		return e
	}
	for _, c := range t.NamedChildren(t.Root()) {
		if t.Is(c, parser.KConstItem) && t.TextIs(t.Field(c, parser.FName), t.Text(e)) {
			if v := t.Field(c, parser.FValue); v >= 0 {
				return v
			}
		}
	}
	return e
}

// biNanos renders a short duration: "1 ns", "100 µs", "1 ms".
func biNanos(ns int64) string {
	switch {
	case ns >= 1_000_000 && ns%1_000_000 == 0:
		return fmt.Sprintf("%d ms", ns/1_000_000)
	case ns >= 1_000 && ns%1_000 == 0:
		return fmt.Sprintf("%d µs", ns/1_000)
	}
	return fmt.Sprintf("%d ns", ns)
}

// biSeconds renders a period: "5 min", "1 h", "90 s".
func biSeconds(secs int64) string {
	switch {
	case secs%3600 == 0:
		return fmt.Sprintf("%d h", secs/3600)
	case secs%60 == 0:
		return fmt.Sprintf("%d min", secs/60)
	}
	return fmt.Sprintf("%d s", secs)
}

// biInLoop reports whether call runs in a loop of the async body it is in.
func biInLoop(t *parser.Tree, call, body parser.NodeID) bool {
	return biLoopAround(t, call, body) != parser.None
}

// biServingLoop reports whether a spawn at call runs once per unit of incoming work: in a
// `loop` or `while` of the body it is in (an accept or receive loop), or in a `for` over
// `incoming()`. A `for` loop over anything else fans a fixed set of jobs out (a task per
// configured node, per file to upload) and says nothing about serving.
func biServingLoop(t *parser.Tree, call, body parser.NodeID) bool {
	return biLoopWhere(t, call, body, func(loop parser.NodeID) bool {
		if !t.Is(loop, parser.KForExpression) {
			return true
		}
		it := t.Unparen(t.Field(loop, parser.FValue))
		return t.Is(it, parser.KCallExpression) && biCalleeLast(t, it) == "incoming"
	}) != parser.None
}

// biLoopWhere returns the innermost loop around call (call in its body), within body, that
// counts says counts, or None.
func biLoopWhere(t *parser.Tree, call, body parser.NodeID, counts func(loop parser.NodeID) bool) parser.NodeID {
	out := parser.None
	child := call
	t.Ancestors(call, func(a parser.NodeID) bool {
		if a == body {
			return false
		}
		if IsLoop(t, a) && t.Field(a, parser.FBody) == child && counts(a) {
			out = a
			return false
		}
		child = a
		return true
	})
	return out
}

// biIterated reports whether call gives the iterator a `for` loop runs over
// (`for line in stdin.lock().lines()`): the loop calls `next` on it every turn.
func biIterated(t *parser.Tree, call parser.NodeID) bool {
	child := call
	for a := t.Parent(call); a >= 0; child, a = a, t.Parent(a) {
		switch t.Kind(a) {
		case parser.KForExpression:
			return t.Field(a, parser.FValue) == child
		case parser.KCallExpression, parser.KFieldExpression, parser.KParenthesizedExpression, parser.KTryExpression, parser.KArguments:
		default:
			return false
		}
	}
	return false
}

// biQueryFor finds the async fn whose context decides the call's level: the async fn the
// call is in, or the async fn around the async block it is in (when that block is awaited
// there, not spawned or handed to a callback). ok is false when the call runs in a spawned
// future, a callback or a closure: there it keeps its level.
func biQueryFor(p *Pass, call parser.NodeID, ctx biContext) (biQuery, bool) {
	t := p.Tree
	fn := parser.None
	spawn := parser.None // the spawn of the task the call runs in, when it is in one
	if t.Is(ctx.body, parser.KFunctionItem) {
		fn = ctx.body
	} else if t.Is(ctx.body, parser.KAsyncBlock) {
		ok := true
		visit := func(a parser.NodeID) bool {
			switch t.Kind(a) {
			case parser.KAsyncBlock:
				if c := biArgumentOf(t, a); c >= 0 && biSpawnNames[biCalleeLast(t, c)] {
					// `tokio::spawn(async move { .. })`: settled from the spawn, once
					// per call of the fn that spawns it (or per turn of its loop)
					if spawn >= 0 || a != ctx.body {
						ok = false
						return false
					}
					spawn = c
				}
			case parser.KClosureExpression:
				if c := biArgumentOf(t, a); c < 0 || !biInlineCombinators[biCalleeLast(t, c)] {
					ok = false
					return false
				}
			case parser.KFunctionItem:
				fn = a
				return false
			}
			return true
		}
		if visit(ctx.body) {
			t.Ancestors(ctx.body, visit)
		}
		if !ok {
			return biQuery{}, false
		}
	}
	if !biFutureFn(t, fn) {
		return biQuery{}, false
	}
	kw := "async fn"
	if !IsAsyncFn(t, fn) {
		kw = "fn" // `fn execute(..) -> BoxFuture<..> { Box::pin(async move { .. }) }`
	}
	q := biQuery{FnID: biFnID(p, fn), Fn: fmt.Sprintf("`%s %s`", kw, t.Text(t.Field(fn, parser.FName))), Off: t.Nodes[call].Start}
	if spawn >= 0 {
		q.Spawned = true
		q.Off = t.Nodes[spawn].Start
		q.SpawnLoop = biLoopAround(t, spawn, fn) >= 0
	}
	return q, true
}

type biMatched struct {
	e    *biBlocking
	name string
}

// biMatchCall matches call, whose callee fn (the generic's function unwrapped) is a field
// expression or a path, against the table. A sync fn's summary (biLeafOf) keeps its answers
// (keep) for the calls' own checks, which come after it in the walk.
func biMatchCall(p *Pass, call, fn parser.NodeID, keep bool) (*biBlocking, string) {
	s, _ := p.scratch.(*biScratch)
	var memo map[parser.NodeID]biMatched
	if s != nil {
		memo = s.matches
	}
	if m, ok := memo[call]; ok {
		return m.e, m.name
	}
	t := p.Tree
	var m biMatched
	if t.Is(fn, parser.KFieldExpression) {
		m.e, m.name = biMatchMethod(p, call, t.Text(t.Field(fn, parser.FField)))
	} else {
		m.e, m.name = biMatchPath(p, call, t.Imports.Resolve(t.Text(fn)))
	}
	if keep {
		s := biScratchOf(p)
		if s.matches == nil {
			s.matches = map[parser.NodeID]biMatched{}
		}
		s.matches[call] = m
	}
	return m.e, m.name
}

// biTokioBlockingArity is how many arguments Tokio's blocking_* methods take. A call by one of
// those names with another count is another type's method (a WASI stream's
// `blocking_read(len)`, a HAL's `blocking_write(buf)`), which need not panic.
var biTokioBlockingArity = map[string]int{"blocking_lock": 0, "blocking_lock_owned": 0, "blocking_recv": 0,
	"blocking_recv_many": 2, "blocking_send": 1, "blocking_read": 0, "blocking_write": 0}

// biMatchMethod finds the table entry (or `extra` method) for a method call named method.
func biMatchMethod(p *Pass, call parser.NodeID, method string) (*biBlocking, string) {
	t := p.Tree
	if method == "to_socket_addrs" && (biIPLiteral(t, Receiver(t, call)) || biUsedAsAddrs(t, call)) {
		// std parses an IP address without asking a resolver; a result used as the
		// addresses themselves is no std `io::Result`
		return nil, ""
	}
	for _, i := range biIndex["method:"+method] {
		e := &biTable[i]
		if e.Mentions != "" && !p.Mentions(e.Mentions) {
			continue
		}
		if e.Match == biMethod {
			if n, ok := biTokioBlockingArity[method]; ok && len(Args(t, call)) != n {
				// `stream.blocking_read(65536)`: not Tokio's `RwLock::blocking_read()`
				continue
			}
			if !biNameSaysBlocking(method) && biOwnMethod(p.typeResolver(), p.TypeOf(Receiver(t, call)), method) == biTypedYes {
				// `addr.to_socket_addrs()` on a crate type with its own impl: that body
				// decides (a chain when it blocks), not std's method of that name
				return nil, ""
			}
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
			if c := biArgumentOf(t, a); c >= 0 && biBlockOnCall(t, c) {
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
	_, par := ParenParent(t, n)
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

// biOutsideRuntime reports whether call runs only where no Tokio runtime is current: in the
// `Err` arm of a `match` on `Handle::try_current()`, the body of `if let Err(_) =
// Handle::try_current()` or `if Handle::try_current().is_err()`, or the `else` of `if let
// Ok(..) = Handle::try_current()` / `if Handle::try_current().is_ok()`.
func biOutsideRuntime(t *parser.Tree, call, body parser.NodeID) bool {
	isTry := func(e parser.NodeID) bool {
		e = t.Unparen(e)
		return t.Is(e, parser.KCallExpression) && strings.HasSuffix(CalleePath(t, e), "try_current")
	}
	found := false
	child := call
	for a := t.Parent(call); a >= 0 && a != body && !found; child, a = a, t.Parent(a) {
		switch t.Kind(a) {
		case parser.KMatchArm:
			m := t.Parent(t.Parent(a))
			if t.Is(m, parser.KMatchExpression) && isTry(t.Field(m, parser.FValue)) && t.Field(a, parser.FValue) == child {
				found = strings.HasPrefix(compactText(t, t.Field(a, parser.FPattern)), "Err(")
			}
		case parser.KIfExpression:
			cond := t.Unparen(t.Field(a, parser.FCondition))
			inThen := t.Field(a, parser.FConsequence) == child
			inElse := t.Is(child, parser.KElseClause)
			switch {
			case t.Is(cond, parser.KLetCondition) && isTry(t.Field(cond, parser.FValue)):
				pat := compactText(t, t.Field(cond, parser.FPattern))
				found = inThen && strings.HasPrefix(pat, "Err(") || inElse && strings.HasPrefix(pat, "Ok(")
			case t.Is(cond, parser.KCallExpression) && isTry(Receiver(t, cond)):
				m := MethodName(t, cond)
				found = inThen && m == "is_err" || inElse && m == "is_ok"
			}
		}
	}
	return found
}

// biExecutorCrates are the crates of knowledge.BlockOnCrates, by name.
var biExecutorCrates = func() map[string]bool {
	m := make(map[string]bool, len(knowledge.BlockOnCrates))
	for _, c := range knowledge.BlockOnCrates {
		m[c.Crate] = true
	}
	return m
}()

// biOwnBlockOn returns the crate whose own fn a free `block_on`-named call runs, when its
// path resolves into this project: `crate::util::block_on`, `super::block_on`, or a crate
// named like this package, a sibling of its workspace (`rolldown_utils::futures::block_on`
// from package `rolldown_plugin_x`: the first `_`-separated word is the same). "" for
// executors' fns, other crates' helpers (`sqlx_test::test_block_on`) and bare names that no
// import explains.
func biOwnBlockOn(t *parser.Tree, call parser.NodeID, pkg string) string {
	if MethodName(t, call) != "" {
		return ""
	}
	path := t.Imports.Resolve(CalleePath(t, call))
	i := strings.Index(path, "::")
	if i < 0 {
		return ""
	}
	root := path[:i]
	if biExecutorCrates[root] {
		return ""
	}
	first := func(s string) string {
		if j := strings.IndexByte(s, '_'); j > 0 {
			return s[:j]
		}
		return s
	}
	if root == "crate" || root == "super" || len(first(root)) >= 3 && first(root) == first(pkg) {
		return root
	}
	return ""
}

// biHandedToBlockOn reports whether call is the argument of a `block_on`-named call: the
// future that one runs.
func biHandedToBlockOn(t *parser.Tree, call parser.NodeID) bool {
	up := t.Parent(call)
	if !t.Is(up, parser.KArguments) {
		return false
	}
	outer := t.Parent(up)
	return t.Is(outer, parser.KCallExpression) && biIsBlockOnName(biCalleeLast(t, outer))
}

// biIsBlockOnName reports whether a function name says it runs a future to completion on the
// current thread: `block_on`, and helpers such as `test_block_on` or `block_on_all`.
func biIsBlockOnName(name string) bool {
	return name == "block_on" || strings.HasSuffix(name, "_block_on") || strings.HasPrefix(name, "block_on_")
}

// biBlockOnCall reports whether call runs the future it is given to completion on the
// calling thread: a block_on by name, or `actix::run(fut)` (`System::new().block_on(fut)`:
// an actor system of its own on this thread, set TL).
func biBlockOnCall(t *parser.Tree, call parser.NodeID) bool {
	last := biCalleeLast(t, call)
	if biIsBlockOnName(last) {
		return true
	}
	return last == "run" && MethodName(t, call) == "" && PathIs(t.Imports.Resolve(CalleePath(t, call)), "actix::run", "actix_rt::run")
}

// biAwaited reports whether the call's result is awaited: `.await` on it, a select! branch's
// future, or an argument of join!. A call whose result is awaited is async whatever its name.
func biAwaited(t *parser.Tree, call parser.NodeID) bool {
	n, par := ParenParent(t, call)
	switch t.Kind(par) {
	case parser.KAwaitExpression:
		return true
	case parser.KSelectBranch:
		return t.Field(par, parser.FFuture) == n
	case parser.KMacroBody:
		return MacroIs(t, t.Parent(par), "join", "try_join")
	case parser.KLetDeclaration:
		// `let fut = addr.to_socket_addrs(); fut.await?`: a future, awaited later.
		pat := t.Field(par, parser.FPattern)
		scope := LetScope(t, par)
		if t.Field(par, parser.FValue) != n || !t.Is(pat, parser.KIdentifier) || scope < 0 {
			return false
		}
		awaited := false
		WalkBody(t, scope, func(d parser.NodeID) bool {
			if t.Is(d, parser.KAwaitExpression) && t.Nodes[d].Start > t.Nodes[par].End && t.TextIs(t.Unparen(t.NamedChild(d, 0)), t.Text(pat)) {
				awaited = true
			}
			return !awaited
		})
		return awaited
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

// biChildPipes are a std child's output pipes (`child.stdout`, `child.stderr` of a `Child`
// from `std::process::Command::new(..)..spawn()`, biOrigins), and biChildPipeTypes their
// types: a read of one waits as long as the child takes to write, for the child's whole
// life when it reads to the end.
var (
	biChildPipes     = []string{"std::process::Child::stdout", "std::process::Child::stderr"}
	biChildPipeTypes = []string{"std::process::ChildStdout", "std::process::ChildStderr"}
)

// biSpawnedChild reports whether e is a std `Child`: a value bound from
// `std::process::Command::new(..)..spawn()` (through `?`, `unwrap()`, `expect(..)` and `let`s
// of the fn), or one whose declared type is `std::process::Child`. (An `Output` from
// `.output()` also has a `stdout`, a `Vec<u8>` that is already read.)
func biSpawnedChild(t *parser.Tree, e parser.NodeID, depth int) bool {
	for ; depth < 12 && e >= 0; depth++ {
		e = t.Unparen(e)
		switch {
		case t.Is(e, parser.KTryExpression), t.Is(e, parser.KReferenceExpression):
			e = t.NamedChild(e, 0)
		case t.Is(e, parser.KCallExpression) && MethodName(t, e) == "spawn":
			return biReceiverFrom(t, Receiver(t, e), []string{"std::process::Command::new"}, []string{"std::process::Command"})
		case t.Is(e, parser.KCallExpression) && slices.Contains([]string{"unwrap", "expect", "unwrap_or_else", "context", "with_context"}, MethodName(t, e)):
			e = Receiver(t, e)
		case t.Is(e, parser.KIdentifier):
			val, typ := biBinding(t, e)
			if typ >= 0 {
				return biPathNames(t, TypePath(t, typ), "std::process::Child")
			}
			e = val
		default:
			return false
		}
	}
	return false
}

// biChildOutputReadBefore returns a read of a std child's output pipe (a method of the
// child-pipe rows of the table, not awaited) that comes before call in body, or None.
func biChildOutputReadBefore(t *parser.Tree, call, body parser.NodeID) parser.NodeID {
	found := parser.None
	t.Walk(body, func(d parser.NodeID) bool {
		if found >= 0 || t.Nodes[d].Start >= t.Nodes[call].Start {
			return false
		}
		if d != body && IsBodyBoundary(t, d) {
			return false
		}
		if t.Is(d, parser.KCallExpression) && biChildRead(MethodName(t, d)) && !t.Is(t.Parent(d), parser.KAwaitExpression) &&
			biReceiverFrom(t, Receiver(t, d), biChildPipes, biChildPipeTypes) {
			found = d
		}
		return true
	})
	return found
}

// biChildReadMethods are the std reads that the table's child-pipe rows match, with the
// trait that names them.
var biChildReadMethods = []struct{ method, trait string }{
	{"read_line", "std::io::BufRead"}, {"read_until", "std::io::BufRead"}, {"lines", "std::io::BufRead"},
	{"read_to_string", "std::io::Read"}, {"read_to_end", "std::io::Read"}, {"read_exact", "std::io::Read"}, {"read", "std::io::Read"},
}

// biChildRead reports whether a method name is one of biChildReadMethods.
func biChildRead(name string) bool {
	return slices.ContainsFunc(biChildReadMethods, func(m struct{ method, trait string }) bool { return m.method == name })
}

const biHelpChildOutput = "Spawn the child with `tokio::process::Command` and read its `stdout` with `AsyncBufReadExt` (`BufReader::new(stdout).lines()`, `next_line().await`), or read the pipe on a thread of its own (`spawn_blocking`)."

// biInstantCommands are programs that look something up and exit at once: a short wait,
// not a stall (judged on real code: `ps -p`, `which`, `ip addr`, `xattr` run from async code
// in desktop helpers and CLIs, none worth changing; `tasklist` and arbitrary commands are
// not among them).
var biInstantCommands = map[string]bool{"which": true, "ps": true, "pgrep": true, "pidof": true,
	"uname": true, "hostname": true, "whoami": true, "id": true, "ip": true, "ifconfig": true,
	"sysctl": true, "getconf": true, "xattr": true, "chmod": true, "chown": true, "kill": true,
	"nproc": true, "sw_vers": true, "tput": true}

// biCommandProgram returns the program a `std::process::Command` value runs, when it is a
// string literal given to `Command::new` (through the builder's method chain and `let`
// bindings of the same fn), by its file name (`/sbin/ip` gives ip); "" otherwise.
func biCommandProgram(t *parser.Tree, e parser.NodeID) string {
	prog := ""
	for i := 0; i < 16 && e >= 0; i++ {
		e = t.Unparen(e)
		switch {
		case t.Is(e, parser.KCallExpression) && MethodName(t, e) != "":
			e = Receiver(t, e)
			continue
		case t.Is(e, parser.KCallExpression):
			if strings.HasSuffix(t.Imports.Resolve(CalleePath(t, e)), "Command::new") {
				if args := Args(t, e); len(args) == 1 && t.Is(args[0], parser.KStringLiteral) {
					prog = strings.Trim(t.Text(args[0]), "\"")
					if k := strings.LastIndexAny(prog, "/\\"); k >= 0 {
						prog = prog[k+1:]
					}
					prog = strings.TrimSuffix(prog, ".exe")
				}
			}
			return prog
		case t.Is(e, parser.KReferenceExpression), t.Is(e, parser.KTryExpression):
			e = t.NamedChild(e, 0)
			continue
		case t.Is(e, parser.KIdentifier):
			val, _ := biBinding(t, e)
			e = val
			continue
		}
		return prog
	}
	return prog
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
		f := Callee(t, e)
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
		if name := t.Text(field); (name == "stdout" || name == "stderr") && biSpawnedChild(t, t.Field(e, parser.FValue), 0) {
			// `child.stdout` of a std Child: its output pipe.
			if !fn("std::process::Child::"+name, false) {
				return false
			}
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
	return cfg.PatternBinds(t, pat, name)
}

// biFieldTypes calls fn with the types of the struct fields named field declared in the file.
func biFieldTypes(t *parser.Tree, field string, fn func(path string, isType bool) bool) bool {
	for _, d := range biFieldDecls(t)[field] {
		if !biTypePaths(t, t.Field(d, parser.FType), fn) {
			return false
		}
	}
	return true
}

// biFieldIndex keeps the field declarations of the last trees asked about, by name: a walk
// of the whole file for each field expression asked about cost 2% of the rules stage.
var biFieldIndex struct {
	mu    sync.Mutex
	trees [4]*parser.Tree
	decls [4]map[string][]parser.NodeID
	next  int
}

// biFieldDecls returns the file's field declarations by name, each name's in the order of
// the file.
func biFieldDecls(t *parser.Tree) map[string][]parser.NodeID {
	x := &biFieldIndex
	x.mu.Lock()
	for i, tr := range x.trees {
		if tr == t {
			m := x.decls[i]
			x.mu.Unlock()
			return m
		}
	}
	x.mu.Unlock()
	m := map[string][]parser.NodeID{}
	t.Walk(t.Root(), func(d parser.NodeID) bool {
		if !t.Is(d, parser.KFieldDeclaration) {
			return true
		}
		if name := t.Field(d, parser.FName); name >= 0 {
			m[t.Text(name)] = append(m[t.Text(name)], d)
		}
		return false
	})
	x.mu.Lock()
	x.trees[x.next], x.decls[x.next] = t, m
	x.next = (x.next + 1) % len(x.trees)
	x.mu.Unlock()
	return m
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

// biUsedAsAddrs reports whether the result of a `to_socket_addrs()` call is used as a
// collection of addresses right where it is made: handed to `extend`/`append`, iterated by a
// `for`, or asked `.iter()`, `.len()`, `.is_empty()`, `.first()`. std's
// `ToSocketAddrs::to_socket_addrs` returns an `io::Result` that must be unwrapped first, so
// such a call is another type's method (a record type that lists the addresses it holds),
// which does no DNS lookup.
func biUsedAsAddrs(t *parser.Tree, call parser.NodeID) bool {
	e := call
	for p := t.Parent(e); t.Is(p, parser.KParenthesizedExpression) || t.Is(p, parser.KReferenceExpression); p = t.Parent(e) {
		e = p
	}
	p := t.Parent(e)
	switch t.Kind(p) {
	case parser.KArguments:
		if c := t.Parent(p); t.Is(c, parser.KCallExpression) && len(t.NamedChildren(p)) == 1 {
			switch MethodName(t, c) {
			case "extend", "append":
				return true
			}
		}
	case parser.KForExpression:
		return t.Field(p, parser.FValue) == e
	case parser.KFieldExpression:
		if c := t.Parent(p); t.Is(c, parser.KCallExpression) && t.Field(c, parser.FFunction) == p {
			switch MethodName(t, c) {
			case "iter", "len", "is_empty", "first":
				return true
			}
		}
	}
	return false
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
	let, name := biRuntimeLet(t, call)
	if let < 0 {
		return false
	}
	scope := t.Parent(let)
	handed := false
	UsesAfterLet(t, let, name, func(d parser.NodeID) bool {
		if c := biArgumentOf(t, d); c >= 0 && LastSegment(CalleePath(t, c)) == "forget" {
			handed = true
			return false
		}
		t.Ancestors(d, func(a parser.NodeID) bool {
			if a == scope {
				return false
			}
			if t.Is(a, parser.KClosureExpression) {
				// A thread-spawning wrapper of the project's own (`Builder::new()
				// .spawn_wrapper(move || ..)`) takes the runtime to its thread too.
				if c := biArgumentOf(t, a); c >= 0 && (biOffloads[biCalleeLast(t, c)] ||
					strings.HasPrefix(biCalleeLast(t, c), "spawn_") && t.FirstChildOfKind(a, parser.TMove) >= 0) {
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

// biRuntimeShutDown returns the call that shuts down the runtime a call creates, when the
// `let` that binds it is followed in its block by `rt.shutdown_background()`, which
// consumes the runtime without waiting (Tokio's way to drop a runtime from async code);
// None otherwise. (`shutdown_timeout(d)` with d > 0 waits, and panics in async code as a
// drop does.) A call inside a closure or an async block does not count.
func biRuntimeShutDown(t *parser.Tree, call parser.NodeID) parser.NodeID {
	d := biRuntimeDirectUse(t, call, func(d parser.NodeID) bool {
		fe := t.Parent(d)
		return t.Is(fe, parser.KFieldExpression) && t.Field(fe, parser.FValue) == d && MethodName(t, t.Parent(fe)) == "shutdown_background"
	})
	if d < 0 {
		return parser.None
	}
	return t.Parent(t.Parent(d))
}

// biRuntimeDirectUse returns the first use of the runtime a call creates and binds with
// `let` for which hit holds, among the uses in the `let`'s own code (not inside a closure or
// an async block); None when there is none.
func biRuntimeDirectUse(t *parser.Tree, call parser.NodeID, hit func(d parser.NodeID) bool) parser.NodeID {
	let, name := biRuntimeLet(t, call)
	if let < 0 {
		return parser.None
	}
	scope := t.Parent(let)
	found := parser.None
	UsesAfterLet(t, let, name, func(d parser.NodeID) bool {
		if !hit(d) {
			return true
		}
		nested := false
		t.Ancestors(d, func(a parser.NodeID) bool {
			nested = nested || t.Is(a, parser.KClosureExpression) || t.Is(a, parser.KAsyncBlock)
			return a != scope && !nested
		})
		if !nested {
			found = d
		}
		return found < 0
	})
	return found
}

// biRuntimeLet returns the `let` that binds the runtime a call creates and the name it binds,
// climbing from the call through `?`, `.unwrap()`, `.expect(..)`, `.unwrap_or_else(..)`, `.map_err(..)`,
// `.context(..)`, and `Arc::new(..)` / `Rc::new(..)`; None when the runtime is not bound to
// a plain name.
func biRuntimeLet(t *parser.Tree, call parser.NodeID) (parser.NodeID, string) {
	n := biRuntimeValue(t, call)
	let := t.Parent(n)
	if !t.Is(let, parser.KLetDeclaration) || t.Field(let, parser.FValue) != n {
		return parser.None, ""
	}
	pat := t.Field(let, parser.FPattern)
	if t.Is(pat, parser.KMutPattern) {
		pat = t.NamedChild(pat, 0)
	}
	if !t.Is(pat, parser.KIdentifier) {
		return parser.None, ""
	}
	return let, t.Text(pat)
}

// biRuntimeMovedAway returns where the runtime a call creates is moved, by value, to a new
// owner in the same async code: an argument (`Actor::new(rt)`, not `drop(rt)`), the receiver
// of a conversion that takes it (`rt.into()`, `rt.into_inner()`), a field of a struct
// literal (`Store { rt, .. }`), an assignment (`self.rt = Some(rt)`), or the value returned.
// The new owner decides where it is dropped (a wrapper whose `Drop` runs inside
// `block_in_place`, a thread of its own), so a drop in async code is no longer certain. Uses
// inside closures and async blocks do not count (those are judged as hand-offs). None when
// the runtime stays here.
func biRuntimeMovedAway(t *parser.Tree, call parser.NodeID) parser.NodeID {
	if n := biRuntimeValue(t, call); biMoveSite(t, n) {
		return n
	}
	return biRuntimeDirectUse(t, call, func(d parser.NodeID) bool { return biMoveSite(t, d) })
}

// biMoveSite reports whether the value expression n is moved to a new owner where it stands
// (see biRuntimeMovedAway).
func biMoveSite(t *parser.Tree, n parser.NodeID) bool {
	n, par := ParenParent(t, n)
	switch {
	case t.Is(par, parser.KArguments):
		c := biArgumentOf(t, n)
		switch {
		case c < 0 || biCalleeLast(t, c) == "drop":
			return false
		case biWrapperCall(t, c):
			// `Some(rt)`, `Arc::new(rt)`: moved only if the wrapper is
			return biMoveSite(t, c)
		}
		return true
	case t.Is(par, parser.KBlock) && t.Is(t.Parent(par), parser.KFunctionItem):
		// the fn's tail: returned to the caller
		return flowBlockTail(t, par) == n
	case t.Is(par, parser.KFieldExpression) && t.Field(par, parser.FValue) == n:
		m := MethodName(t, t.Parent(par))
		return m == "into" || strings.HasPrefix(m, "into_")
	case t.Is(par, parser.KShorthandFieldInit):
		return true
	case t.Is(par, parser.KFieldInitializer):
		return t.Field(par, parser.FValue) == n
	case t.Is(par, parser.KAssignmentExpression):
		return t.Field(par, parser.FRight) == n
	case t.Is(par, parser.KReturnExpression):
		return true
	}
	return false
}

// biWrapperCall reports whether call only wraps its argument in a value that stays where it
// is made: `Some(x)`, `Ok(x)`, `Err(x)`, `Arc::new(x)`, `Rc::new(x)`, `Box::new(x)`.
func biWrapperCall(t *parser.Tree, call parser.NodeID) bool {
	switch p := CalleePath(t, call); LastSegment(p) {
	case "Some", "Ok", "Err":
		return true
	case "new":
		switch LastSegment(strings.TrimSuffix(p, "::new")) {
		case "Arc", "Rc", "Box":
			return true
		}
	}
	return false
}

// biMoveWhat names the new owner at a move site, for a note.
func biMoveWhat(t *parser.Tree, n parser.NodeID) string {
	n, par := ParenParent(t, n)
	switch {
	case t.Is(par, parser.KArguments):
		if c := biArgumentOf(t, n); biWrapperCall(t, c) {
			return biMoveWhat(t, c)
		}
		return "`" + biShortCallee(t, biArgumentOf(t, n)) + "(..)`"
	case t.Is(par, parser.KBlock):
		return "the caller (returned)"
	case t.Is(par, parser.KFieldExpression):
		return "`" + t.Text(n) + "." + MethodName(t, t.Parent(par)) + "()`"
	case t.Is(par, parser.KShorthandFieldInit), t.Is(par, parser.KFieldInitializer):
		return "a field of a struct"
	case t.Is(par, parser.KAssignmentExpression):
		return "`" + strings.Join(strings.Fields(t.Text(t.Field(par, parser.FLeft))), "") + "`"
	}
	return "the caller (returned)"
}

// biRuntimeValue climbs from a call that creates a runtime to the expression that holds it:
// through `?`, `.unwrap()`, `.expect(..)`, `.unwrap_or_else(..)`, `.map_err(..)`, `.context(..)`, and `Arc::new(..)`
// / `Rc::new(..)` / `Box::new(..)`.
func biRuntimeValue(t *parser.Tree, call parser.NodeID) parser.NodeID {
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
				case "unwrap", "expect", "unwrap_or_else", "map_err", "context", "with_context":
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
	return n
}

// Where blocking code runs. A blocking call hurts only when other tasks share the thread it
// blocks. The rule records, for each package, a name-based call graph of its async fns and
// the places where futures start running:
//
//   - task roots: futures handed to `spawn` (any executor's, `JoinSet::spawn`, a runtime's or
//     a handle's), request handlers (`#[get(..)]`-style attributes, async fns handed by name
//     to a router: `.to(index)`, `get(index)`), and async blocks inside closures handed to
//     other functions (`service_fn(|req| async move { .. })`): they run beside other tasks;
//   - main roots: the body of an `async fn main` under a runtime attribute, and the future
//     given to a `block_on` in synchronous code (a binary's `main`, a runtime built on a
//     thread of its own): that future runs on the thread that calls `block_on`.
//
// When every path to a blocking call starts at a main root, the call holds up only that
// future (a multi-thread runtime runs its tasks on worker threads), or, on a current-thread
// runtime, the tasks spawned on it before the call, if any. Such calls are notes. A call
// that a task root reaches, or that a library exposes as `pub` to other packages' executors,
// keeps its level; so does one whose callers the graph cannot see.

var (
	biFactFn = NewFactKey[biFnFact]("blocking_in_async:fn")
	// biFactPollster: the file drives futures with pollster (biOneFutureAtATime)
	biFactPollster = NewFactKey[bool]("blocking_in_async:pollster")
	biFactRoot     = NewFactKey[biRootFact]("blocking_in_async:root")
	biFactFile     = NewFactKey[biFileFact]("blocking_in_async:file")
	biFactMemo     = NewMemoKey[*biGraph]("blocking_in_async:graph")  // the crate's graph, built once at settle time
	biAloneMemo    = NewMemoKey[string]("blocking_in_async:alone")    // biOneFutureAtATime, once per crate
	biPlainMemo    = NewMemoKey[map[string]bool]("rules:plain_types") // biPlainTypes, once per crate for both graphs
)

// biRefKind says how a call names its callee.
type biRefKind uint8

const (
	biRefFn     biRefKind = iota // `f(..)`, `module::f(..)`: free fns named f (in module Qual)
	biRefAssoc                   // `Type::f(..)`, `Self::f(..)`: fns named f of impls of Qual
	biRefMethod                  // `.f(..)`: methods named f (of Qual when the receiver is `self`)
)

// biRef is a call of a function of the package, by name.
type biRef struct {
	Kind biRefKind
	Name string
	Qual string
	// Ext is the first segment of a path of two or more (`common::boot::BootManager::init`
	// gives common), through the file's imports: the crate a call into another package
	// names. "" for `crate::`, `self::`, `super::` and single names.
	Ext string
	Off uint32 // byte offset of the call
	// Branch is the innermost match arm, if branch or select! branch the call is in
	// (byte range; {0, max} when none): a call runs before another only when both are
	// in it.
	Branch [2]uint32
	// Loop is set when the call is in the body of a loop of the fn (or root) that makes
	// it: it runs once per item, per message, per turn.
	Loop bool
	// Each is set when every loop around the call in its fn is a `for` over a collection:
	// once per item of something in hand, not per message or event that comes in.
	Each bool
	// Recv is the name of a method call's receiver type where the crate's files tell it
	// (TypeOf, through smart pointers and guards), and Closed says the call runs one of
	// that type's own methods: the type is another crate's (`client.run()` on a
	// `reqwest::Client` runs none of the crate's `run` methods), or the crate gives it a
	// method of that name.
	Recv   string
	Closed bool
	call   parser.NodeID // the call, while its file's tree is at hand (biTypeMethodRefs)
	recvTy *Type         // the receiver's type as the file tells it (nil: unknown), for biSettleRecvs
}

// biNoBranch is the branch of code outside any branch.
var biNoBranch = [2]uint32{0, ^uint32(0)}

// biSite is a spawn, with its branch (see biRef).
type biSite struct {
	Off    uint32
	Branch [2]uint32
}

// biBefore reports whether something at off, in branch, runs before offset end.
func biBefore(off uint32, branch [2]uint32, end uint32) bool {
	return off < end && branch[0] <= end && end < branch[1]
}

// biBranchOf returns the innermost branch around n (a match arm, an if's branch, a select!
// branch), up to body.
func biBranchOf(t *parser.Tree, n, body parser.NodeID) [2]uint32 {
	out := biNoBranch
	t.Ancestors(n, func(a parser.NodeID) bool {
		if a == body {
			return false
		}
		par := t.Parent(a)
		switch {
		case t.Is(a, parser.KMatchArm), t.Is(a, parser.KSelectBranch), t.Is(a, parser.KElseClause),
			t.Is(par, parser.KIfExpression) && t.Field(par, parser.FConsequence) == a:
			out = [2]uint32{t.Nodes[a].Start, t.Nodes[a].End}
			return false
		}
		return true
	})
	return out
}

// biFnFact is one async fn of the package.
type biFnFact struct {
	ID       string // path#offset
	Path     string
	Name     string
	Type     string // the impl's or trait's type for methods
	Module   string // innermost module name ("" at a crate root)
	Method   bool
	Pub      bool // `pub`, or a method of a trait impl or trait
	Calls    []biRef
	Spawns   []biSite // the spawns in its body (all kinds)
	Locals   []biSite // ... those that keep the task on this thread (spawn_local)
	Exported bool     // filled in by the graph: Pub and in a file a library exports
	Params   []string // the type names of its parameters (`&Args` gives Args)
	Dispatch bool     // its body is one `match` on a parameter: each arm runs one command
	// Receiver is set for a method with a `self` parameter: only those answer a method call
	// (`x.create(..)` cannot be `fn create(n: u64) -> Self`).
	Receiver bool
}

// biRootKind says how a root's future runs.
type biRootKind uint8

const (
	biRootTask biRootKind = iota // beside other tasks: spawned, a handler, a callback
	biRootMain                   // on the thread that runs block_on, or a runtime's main
)

// biFlavor is the kind of executor a main root runs its future on.
type biFlavor uint8

const (
	biFlavorUnknown biFlavor = iota // a runtime of unknown kind
	biFlavorMulti                   // a multi-thread runtime: spawned tasks run on workers
	biFlavorCurrent                 // a current-thread runtime: spawned tasks share the thread
	biFlavorAlone                   // an executor that runs this one future (futures::executor::block_on, Handle::block_on)
)

// biRootFact is a place where a future starts running.
type biRootFact struct {
	Kind   biRootKind
	Flavor biFlavor
	Calls  []biRef
	FnID   string   // for `async fn main` and handlers: the fn itself runs as the root
	Spawns []biSite // spawns in the root's body (all kinds)
	Locals []biSite // `spawn_local`s (tasks that stay on this thread)
	Path   string
	Line   int
	What   string // how notes name the root
	InBin  bool   // in a file of a binary target
	// Serves is set for the roots of a server: a request handler, a callback handed to a
	// service or router, a task spawned in a loop (one per connection or message).
	Serves bool
	// PerTurn is set for a task spawned in a serving loop: one runs per connection or message.
	PerTurn bool
	// Callback is set for a closure or fn handed to a call (`try_map(|x| ..)`,
	// `service_fn(handle)`), not spawned nor a handler by attribute.
	Callback bool
	// In and InName are the fn item whose body starts the root, for spawned tasks and
	// callbacks that serve: its ID, and its name for fns the graph does not hold (synchronous
	// ones).
	In, InName string
}

// biFileFact is what one file says about the package's shape.
type biFileFact struct {
	Path    string
	LibRoot bool // the library target's root file
	Bin     bool // a binary target's file (or a package without a library)
	Decls   []biModDecl
	PubUses []string // the names a `pub use` re-exports (`pub use link::alerts;` gives alerts)
	// Aliases are the renames of `pub use`: new name, old name and the old path's module
	// (`pub use tool::main::run as tool_run;` gives {tool_run, run, main}): a call of the new
	// name runs the fn of the old one.
	Aliases [][3]string
	Globs   []string // the modules a `pub use m::*;` re-exports the items of
	// Commands are the types that hold a command line's parsed arguments: structs and enums
	// that derive an argument parser (`#[derive(clap::Args)]`), by name, with the derive.
	Commands map[string]string
	Payloads []string // the types the variants of its `Subcommand` enums carry
}

// biModDecl is an out-of-line `mod name;` with its visibility.
type biModDecl struct {
	Name  string
	Pub   bool
	Files []string // the files it may name
}

// biSpawnNames are the functions and methods that start a future as a task of its own.
var biSpawnNames = map[string]bool{
	"spawn": true, "spawn_local": true, "spawn_on": true, "spawn_local_on": true,
	"spawn_with_handle": true, "spawn_ok": true, "spawn_detached": true,
}

// biLocalSpawnNames start a task that stays on the calling thread.
var biLocalSpawnNames = map[string]bool{"spawn_local": true, "spawn_local_on": true}

// biRuntimeMainAttrs are the attributes that run `async fn main` on a runtime, with the kind
// of runtime (Tokio's flavor is read from the attribute).
var biRuntimeMainAttrs = map[string]biFlavor{
	"tokio::main": biFlavorMulti, "async_std::main": biFlavorAlone, "actix_web::main": biFlavorCurrent,
	"actix_rt::main": biFlavorCurrent, "ntex::main": biFlavorCurrent, "compio::main": biFlavorCurrent,
	"monoio::main": biFlavorCurrent, "smol_potat::main": biFlavorAlone,
}

// biHandlerAttrs are attributes that make an async fn a request handler (actix-web, rocket,
// poem, axum's debug_handler): the server runs it beside other requests.
var biHandlerAttrs = map[string]bool{
	"get": true, "post": true, "put": true, "delete": true, "patch": true, "head": true,
	"options": true, "trace": true, "connect": true, "route": true, "routes": true,
	"handler": true, "debug_handler": true,
}

// biServeCallees are functions whose callback argument serves requests: a service, a route.
var biServeCallees = map[string]bool{
	"service_fn": true, "make_service_fn": true, "serve": true, "serve_connection": true,
	"route": true, "route_service": true, "nest_service": true, "fallback": true,
	// axum's and warp's method routers (`.route("/", get(index))`), actix-web's `.to(index)`
	"get": true, "post": true, "put": true, "delete": true, "patch": true, "head": true,
	"options": true, "any": true, "to": true,
}

// biSkipRoots are crates whose functions are never the package's own.
var biSkipRoots = map[string]bool{"std": true, "core": true, "alloc": true, "tokio": true,
	"futures": true, "async_std": true, "smol": true, "tokio_util": true, "tokio_stream": true,
	"tracing": true, "log": true, "anyhow": true, "serde_json": true}

// biRecordFile records the file's facts once: whether a library exports it, whether it
// belongs to a binary.
func biRecordFile(p *Pass) {
	if len(Recorded(p, biFactFile)) > 0 {
		return // another rule recorded it (startup.go)
	}
	t := p.Tree
	f := biFileFact{Path: p.Info.Path}
	hasMain := false
	t.Children(t.Root(), func(c parser.NodeID) bool {
		if t.Is(c, parser.KFunctionItem) && t.TextIs(t.Field(c, parser.FName), "main") {
			hasMain = true
		}
		return true
	})
	pkg := p.Info.Package
	if pkg != nil && len(pkg.Targets) > 0 {
		hasLib := false
		for _, tg := range pkg.Targets {
			switch tg.Kind {
			case cargo.TargetLib:
				hasLib = true
				if tg.Path == f.Path {
					f.LibRoot = true
				}
			case cargo.TargetBin:
				if tg.Path == f.Path {
					f.Bin = true
				}
			}
		}
		if !hasLib || strings.HasPrefix(f.Path, filepath.Join(pkg.Root, "src", "bin")+string(filepath.Separator)) {
			f.Bin = true
		}
	} else {
		f.Bin = hasMain
		f.LibRoot = !hasMain
	}
	base := filepath.Base(f.Path)
	modRS := f.LibRoot || f.Bin || base == "mod.rs" || base == "lib.rs" || base == "main.rs"
	for i := range t.Nodes {
		n := parser.NodeID(i)
		switch t.Kind(n) {
		case parser.KModItem:
			name := t.Field(n, parser.FName)
			if name < 0 || t.Field(n, parser.FBody) >= 0 {
				continue
			}
			d := modDecl{name: strings.TrimPrefix(t.Text(name), "r#")}
			for _, at := range attributesOf(t, n) {
				if pa := pathAttribute(t, at); pa != "" {
					d.path = pa
				}
			}
			t.Ancestors(n, func(a parser.NodeID) bool {
				if a != n && t.Is(a, parser.KModItem) {
					if an := t.Field(a, parser.FName); an >= 0 {
						d.inline = append([]string{strings.TrimPrefix(t.Text(an), "r#")}, d.inline...)
					}
				}
				return true
			})
			f.Decls = append(f.Decls, biModDecl{Name: d.name, Pub: biIsPub(t, n), Files: d.moduleFiles(f.Path, modRS)})
		case parser.KUseDeclaration:
			if !biIsPub(t, n) {
				continue
			}
			biUseLeaves(t, t.Field(n, parser.FArgument), &f)
		case parser.KStructItem, parser.KEnumItem:
			if derive := biCommandDerive(t, n); derive != "" {
				if f.Commands == nil {
					f.Commands = map[string]string{}
				}
				f.Commands[t.Text(t.Field(n, parser.FName))] = derive
				if derive == "clap::Subcommand" && t.Is(n, parser.KEnumItem) {
					f.Payloads = append(f.Payloads, biSubcommandPayloads(t, n)...)
				}
			}
		}
	}
	Record(p, biFactFile, f)
}

// biUseLeaves records the names a `pub use` tree re-exports, and the modules it re-exports
// with a glob.
func biUseLeaves(t *parser.Tree, n parser.NodeID, f *biFileFact) {
	switch t.Kind(n) {
	case parser.KIdentifier:
		f.PubUses = append(f.PubUses, t.Text(n))
	case parser.KScopedIdentifier:
		f.PubUses = append(f.PubUses, t.Text(t.Field(n, parser.FName)))
	case parser.KUseAsClause:
		biUseLeaves(t, t.Field(n, parser.FPath), f)
		if alias, path := t.Field(n, parser.FAlias), t.Field(n, parser.FPath); alias >= 0 && path >= 0 {
			segs := strings.Split(joinFields(t.Text(path), ""), "::")
			mod := ""
			if len(segs) > 1 {
				mod = segs[len(segs)-2]
			}
			f.Aliases = append(f.Aliases, [3]string{t.Text(alias), segs[len(segs)-1], mod})
		}
	case parser.KUseList:
		for _, c := range t.NamedChildren(n) {
			biUseLeaves(t, c, f)
		}
	case parser.KScopedUseList:
		biUseLeaves(t, t.Field(n, parser.FList), f)
	case parser.KUseWildcard:
		if c := t.NamedChild(n, 0); c >= 0 {
			f.Globs = append(f.Globs, LastSegment(t.Text(c)))
		}
	}
}

// biIsPub reports whether an item is declared plain `pub` (not `pub(crate)` and the like).
func biIsPub(t *parser.Tree, item parser.NodeID) bool {
	v := t.FirstChildOfKind(item, kVisibility)
	return v >= 0 && t.TextIs(v, "pub")
}

// biFnID identifies a fn item across the crate's facts.
func biFnID(p *Pass, fn parser.NodeID) string {
	return p.Info.Path + "#" + strconv.Itoa(int(p.Tree.Nodes[fn].Start))
}

// biRecordFn records an async fn of production code: its calls, and the root it is when it
// is a handler or an `async fn main` under a runtime attribute.
func biRecordFn(p *Pass, fn parser.NodeID) {
	t := p.Tree
	if !biFutureFn(t, fn) || !biProductionNode(p, fn) {
		return
	}
	name := t.Field(fn, parser.FName)
	body := t.Field(fn, parser.FBody)
	if name < 0 || body < 0 {
		return
	}
	f := biFnFactOf(p, fn, name)
	f.Calls, f.Spawns, f.Locals = biBody(t, body, f.Type)
	biTypeMethodRefs(p, f.Calls)
	f.Params = biParamTypes(t, fn)
	f.Dispatch = biDispatches(t, fn)
	Record(p, biFactFn, f)

	line := int(t.Nodes[fn].StartRow) + 1
	// A runtime attribute makes any free fn a main: `#[tokio::main] pub async fn start()` builds
	// its own runtime and blocks its caller until the body ends, whatever the fn is called.
	if !f.Method {
		if flavor, attr, ok := biRuntimeMainAttr(t, fn); ok {
			Record(p, biFactRoot, biRootFact{Kind: biRootMain, Flavor: flavor, FnID: f.ID, Calls: f.Calls, Spawns: f.Spawns, Locals: f.Locals,
				Path: p.Info.Path, Line: line, What: attr + " on `async fn " + f.Name + "`", InBin: biFileIsBin(p)})
		}
	}
	for _, at := range attributesOf(t, fn) {
		nm := t.NamedChild(at, 0)
		if nm >= 0 && biHandlerAttrs[LastSegment(strings.Join(strings.Fields(t.Text(nm)), ""))] {
			Record(p, biFactRoot, biRootFact{Kind: biRootTask, FnID: f.ID, Path: p.Info.Path, Line: line, What: "a request handler", Serves: true})
			break
		}
	}
}

// biFnFactOf fills in who fn item is (named by name): its ID, module, type and visibility
// (startup.go reads every fn so).
func biFnFactOf(p *Pass, fn, name parser.NodeID) biFnFact {
	t := p.Tree
	f := biFnFact{ID: biFnID(p, fn), Path: p.Info.Path, Name: t.Text(name), Module: biModuleOf(p, fn)}
	if owner := ownerItem(t, fn); owner >= 0 {
		f.Method = true
		if ps := t.Field(fn, parser.FParameters); ps >= 0 {
			f.Receiver = t.FirstChildOfKind(ps, parser.KSelfParameter) >= 0
		}
		if t.Is(owner, parser.KImplItem) {
			f.Type = typeName(t, t.Field(owner, parser.FType))
			f.Pub = biIsPub(t, fn) || t.Field(owner, parser.FTrait) >= 0
		} else {
			f.Type = t.Text(t.Field(owner, parser.FName))
			f.Pub = true
		}
	} else {
		f.Pub = biIsPub(t, fn)
	}
	return f
}

// biProductionNode reports whether n is in code that ships: not a test, an example or a
// tool (whose roots must not speak for production code).
func biProductionNode(p *Pass, n parser.NodeID) bool {
	s := biScratchOf(p)
	if s.fileProd == 0 { // what the file's place says, once per file
		s.fileProd = 1
		if isTestFile(p.Info) {
			s.fileProd = 2
		} else if c, ok := fileContext(p.Info); ok && c.Kind != CtxProduction {
			s.fileProd = 2
		} else if c, ok := guessedFileContext(p.Info); ok && c.Kind != CtxProduction {
			s.fileProd = 2
		}
	}
	return s.fileProd == 1 && testItemAround(p.Tree, n) == ""
}

// biScratch is the rule's state for one file (Pass.scratch).
type biScratch struct {
	matches  map[parser.NodeID]biMatched // biMatchCall's answers kept for later visits
	fileProd int8                        // biProductionNode's file part: 0 unknown, 1 production, 2 not
}

func biScratchOf(p *Pass) *biScratch {
	s, _ := p.scratch.(*biScratch)
	if s == nil {
		s = &biScratch{}
		p.scratch = s
	}
	return s
}

// biFileIsBin reports whether the pass's file belongs to a binary target.
func biFileIsBin(p *Pass) bool {
	pkg := p.Info.Package
	if pkg == nil || len(pkg.Targets) == 0 {
		return true
	}
	hasLib := false
	for _, tg := range pkg.Targets {
		if tg.Kind == cargo.TargetBin && tg.Path == p.Info.Path {
			return true
		}
		hasLib = hasLib || tg.Kind == cargo.TargetLib
	}
	return !hasLib || strings.HasPrefix(p.Info.Path, filepath.Join(pkg.Root, "src", "bin")+string(filepath.Separator))
}

// biModuleOf names the module fn sits in: the innermost inline `mod`, or the file's module
// ("" for a crate root).
func biModuleOf(p *Pass, fn parser.NodeID) string {
	t := p.Tree
	mod := ""
	t.Ancestors(fn, func(a parser.NodeID) bool {
		if t.Is(a, parser.KModItem) {
			if n := t.Field(a, parser.FName); n >= 0 {
				mod = t.Text(n)
			}
			return false
		}
		return true
	})
	if mod != "" {
		return mod
	}
	base := strings.TrimSuffix(filepath.Base(p.Info.Path), ".rs")
	switch base {
	case "lib", "main":
		if biCrateRootFile(p) {
			return ""
		}
		return base // `src/tool/main.rs` of `mod main;` in src/tool/mod.rs
	case "mod":
		return filepath.Base(filepath.Dir(p.Info.Path))
	}
	return base
}

// biCrateRootFile reports whether the pass's file is a crate root: a target of its package,
// or, without package information, a lib.rs or main.rs right under src/.
func biCrateRootFile(p *Pass) bool {
	if pkg := p.Info.Package; pkg != nil && len(pkg.Targets) > 0 {
		for _, tg := range pkg.Targets {
			if tg.Path == filepath.Clean(p.Info.Path) {
				return true
			}
		}
		return false
	}
	return filepath.Base(filepath.Dir(p.Info.Path)) == "src"
}

// biRuntimeMainAttr returns the flavor and name of the runtime attribute on fn, if any.
func biRuntimeMainAttr(t *parser.Tree, fn parser.NodeID) (biFlavor, string, bool) {
	for _, at := range attributesOf(t, fn) {
		nm := t.NamedChild(at, 0)
		if nm < 0 {
			continue
		}
		path := strings.Join(strings.Fields(t.Text(nm)), "")
		flavor, ok := biRuntimeMainAttrs[path]
		if !ok {
			continue
		}
		txt := strings.Join(strings.Fields(t.Text(at)), "")
		if path == "tokio::main" && (strings.Contains(txt, `"current_thread"`) || strings.Contains(txt, `"local"`)) {
			flavor = biFlavorCurrent
		}
		return flavor, "`#[" + strings.Join(strings.Fields(t.Text(at)), " ") + "]`", true
	}
	return 0, "", false
}

// biRefs collects the calls that run as part of the body n: not those in nested fns, in
// futures that start as roots of their own (spawned, run by block_on, created in callbacks),
// or in closures handed to other threads.
func biRefs(t *parser.Tree, n parser.NodeID, impl string) []biRef {
	refs, _, _ := biBody(t, n, impl)
	return refs
}

// biBody collects the calls of body n (see biRefs) and its spawns (all kinds, and those
// that keep the task on this thread), in one walk.
func biBody(t *parser.Tree, n parser.NodeID, impl string) (refs []biRef, spawns, locals []biSite) {
	prompts := map[parser.NodeID]bool{} // memo of biPromptLoop
	each := map[parser.NodeID]bool{}    // memo of biOnlyForLoops, by the innermost loop
	t.Walk(n, func(d parser.NodeID) bool {
		if d != n {
			switch t.Kind(d) {
			case parser.KFunctionItem:
				return false
			case parser.KAsyncBlock, parser.KClosureExpression:
				if biStartsElsewhere(t, d) {
					return false
				}
			}
		}
		if !t.Is(d, parser.KCallExpression) {
			return true
		}
		branch := biBranchOf(t, d, n)
		if r, ok := biRefOf(t, d, impl); ok {
			r.Branch = branch
			if loop := biLoopAround(t, d, n); loop >= 0 {
				p, ok := prompts[loop]
				if !ok {
					// a loop paced by a prompt or a configuration reload runs per user
					// action, not per item
					p = biPromptLoop(t, loop) || biReloadPaced(t, loop) >= 0 || biConfigLoop(t, loop)
					prompts[loop] = p
				}
				r.Loop = !p
				if r.Loop {
					// the same for every call whose innermost loop is this one
					e, ok := each[loop]
					if !ok {
						e = biOnlyForLoops(t, d, n)
						each[loop] = e
					}
					r.Each = e
				}
			}
			refs = append(refs, r)
		}
		if name, _ := biSpawnOf(t, d); name != "" {
			site := biSite{Off: t.Nodes[d].Start, Branch: branch}
			spawns = append(spawns, site)
			if biLocalSpawnNames[name] {
				locals = append(locals, site)
			}
		}
		return true
	})
	return refs, spawns, locals
}

// biStartsElsewhere reports whether the async block or closure n runs apart from the body
// around it: it is a spawned future, the future of a block_on, a closure handed to a thread,
// or a callback (a closure handed to a function that is not an inline combinator: a
// service, a router, a retry helper may run the futures it makes anywhere).
func biStartsElsewhere(t *parser.Tree, n parser.NodeID) bool {
	c := biArgumentOf(t, n)
	if c < 0 {
		return false
	}
	name := biCalleeLast(t, c)
	if t.Is(n, parser.KAsyncBlock) {
		return biSpawnNames[name] || biBlockOnCall(t, c)
	}
	return !biInlineCombinators[name]
}

// biRefOf names the callee of call as a function of the package might be named.
func biRefOf(t *parser.Tree, call parser.NodeID, impl string) (biRef, bool) {
	fn := Callee(t, call)
	off := t.Nodes[call].Start
	switch t.Kind(fn) {
	case parser.KFieldExpression:
		r := biRef{Kind: biRefMethod, Name: t.Text(t.Field(fn, parser.FField)), Off: off, Branch: biNoBranch, call: call}
		if t.Is(t.Unparen(t.Field(fn, parser.FValue)), parser.KSelf) {
			r.Qual = impl
		}
		return r, r.Name != ""
	case parser.KIdentifier, parser.KScopedIdentifier:
		return biRefOfPath(t, t.Text(fn), impl, off)
	}
	return biRef{}, false
}

// biRefOfPath names the function a path (a call's callee, or a fn handed by name) refers to.
func biRefOfPath(t *parser.Tree, text, impl string, off uint32) (biRef, bool) {
	path := t.Imports.Resolve(text)
	segs := strings.Split(path, "::")
	if len(segs) > 1 && biSkipRoots[segs[0]] {
		return biRef{}, false
	}
	r := biRef{Kind: biRefFn, Name: segs[len(segs)-1], Off: off, Branch: biNoBranch}
	if r.Name == "" {
		return r, false
	}
	if len(segs) > 1 {
		if e := segs[0]; e != "crate" && e != "self" && e != "super" && e != "Self" && e != "" && e[0] >= 'a' && e[0] <= 'z' {
			r.Ext = e
		}
		q := segs[len(segs)-2]
		switch {
		case q == "Self":
			r.Kind, r.Qual = biRefAssoc, impl
		case q != "" && q[0] >= 'A' && q[0] <= 'Z':
			r.Kind, r.Qual = biRefAssoc, q
		case q == "crate" || q == "self" || q == "super":
		default:
			r.Qual = q
		}
	}
	return r, true
}

// biFutureRefs names what a future expression runs: the calls of an async block, the async
// fn a call runs (through adapters such as `.instrument(..)` and `Box::pin`), or the value
// of a `let` that bound it.
func biFutureRefs(t *parser.Tree, e parser.NodeID, impl string, depth int) []biRef {
	e = dtUnwrapFuture(t, e)
	switch t.Kind(e) {
	case parser.KAsyncBlock:
		return biRefs(t, e, impl)
	case parser.KCallExpression:
		if r, ok := biRefOf(t, e, impl); ok {
			return []biRef{r}
		}
	case parser.KIdentifier:
		if depth == 0 {
			if val, _ := biBinding(t, e); val >= 0 {
				return biFutureRefs(t, val, impl, depth+1)
			}
		}
	}
	return nil
}

// biSpawnOf returns the name of a spawn call and the future it spawns ("" when call is not
// one): a spawn whose last argument is a future, not a closure for a thread.
func biSpawnOf(t *parser.Tree, call parser.NodeID) (string, parser.NodeID) {
	return biSpawnNamed(t, call, biCalleeLast(t, call))
}

// biSpawnNamed is biSpawnOf for a call whose callee's last name is known already.
func biSpawnNamed(t *parser.Tree, call parser.NodeID, name string) (string, parser.NodeID) {
	if !biSpawnNames[name] {
		return "", parser.None
	}
	args := Args(t, call)
	if len(args) == 0 {
		return "", parser.None
	}
	fut := args[len(args)-1]
	if t.Is(t.Unparen(fut), parser.KClosureExpression) {
		return "", parser.None
	}
	return name, fut
}

// biRecordRoots records the roots a call starts: a spawned future, the future of a block_on
// in synchronous code, async fns handed by name to another function, and callbacks holding
// async code.
func biRecordRoots(p *Pass, call parser.NodeID) {
	t := p.Tree
	if a := t.Field(call, parser.FArguments); a < 0 || t.NamedChild(a, 0) < 0 {
		return // no arguments (Args would be empty): nothing named or allocated
	}
	name := biCalleeLast(t, call)
	args := Args(t, call)
	if len(args) == 0 || name == "" {
		return
	}
	// The impl around the call, looked up only for the calls that record a root.
	implDone, implType := false, ""
	impl := func() string {
		if !implDone {
			implDone, implType = true, implTypeAround(t, call)
		}
		return implType
	}
	line := int(t.Nodes[call].StartRow) + 1
	if _, fut := biSpawnNamed(t, call, name); fut >= 0 {
		if refs := biFutureRefs(t, fut, impl(), 0); len(refs) > 0 && biProductionNode(p, call) {
			biTypeMethodRefs(p, refs)
			r := biRootFact{Kind: biRootTask, Calls: refs, Path: p.Info.Path, Line: line, What: "a spawned task",
				Serves: biServingLoop(t, call, EnclosingBody(t, call))}
			r.PerTurn = r.Serves
			r.In, r.InName = biRootIn(p, call)
			Record(p, biFactRoot, r)
		}
		return
	}
	if biIsBlockOnName(name) {
		if _, inAsync := biAsyncContext(t, call); inAsync || !biProductionNode(p, call) {
			return
		}
		r := biRootFact{Kind: biRootMain, Path: p.Info.Path, Line: line, InBin: biFileIsBin(p)}
		r.Flavor, r.What = biBlockOnFlavor(t, call)
		r.Calls = biFutureRefs(t, args[len(args)-1], impl(), 0)
		biTypeMethodRefs(p, r.Calls)
		if body := EnclosingBody(t, call); body >= 0 {
			_, r.Spawns, r.Locals = biBody(t, body, impl())
		}
		if fut := dtUnwrapFuture(t, args[len(args)-1]); t.Is(fut, parser.KAsyncBlock) {
			_, spawns, locals := biBody(t, fut, impl())
			r.Spawns, r.Locals = append(r.Spawns, spawns...), append(r.Locals, locals...)
		}
		if len(r.Calls) > 0 {
			Record(p, biFactRoot, r)
		}
		return
	}
	if biInlineCombinators[name] || biOffloads[name] {
		return
	}
	var refs []biRef
	for _, a := range args {
		a = t.Unparen(a)
		switch t.Kind(a) {
		case parser.KIdentifier, parser.KScopedIdentifier:
			// An async fn handed by name: a handler, a callback, a service. Most such
			// arguments are variables: a bare name counts when the file declares an async
			// fn of that name or imports it, a path when it ends in a fn-like name.
			if t.Is(a, parser.KIdentifier) {
				// Asked of the source's bytes: nearly every call has such an argument, and
				// few of them are an async fn's name, so no string is made for the others.
				b := t.Bytes(a)
				if _, imported := t.Imports.Names[string(b)]; !imported && !p.MentionsAfterBytes("async fn ", b) {
					continue
				}
				// A variable of that name (`let client = ..; Runner::new(client)`) is no fn.
				if decl, _ := ResolveBinding(t, a); decl >= 0 {
					continue
				}
			}
			txt := t.Text(a)
			if !t.Is(a, parser.KIdentifier) {
				if c := LastSegment(txt); c == "" || c[0] < 'a' || c[0] > 'z' {
					continue
				}
			}
			if r, ok := biRefOfPath(t, txt, impl(), t.Nodes[a].Start); ok {
				refs = append(refs, r)
			}
		case parser.KClosureExpression:
			// A callback: `service_fn(move |req| handle(req, state.clone()))`.
			refs = append(refs, biRefs(t, a, impl())...)
		}
	}
	if len(refs) > 0 && biProductionNode(p, call) {
		biTypeMethodRefs(p, refs)
		r := biRootFact{Kind: biRootTask, Callback: true, Calls: refs, Path: p.Info.Path, Line: line, What: fmt.Sprintf("a callback handed to `%s`", name),
			Serves: biServeCallees[name]}
		if r.Serves {
			r.In, r.InName = biRootIn(p, call)
		}
		Record(p, biFactRoot, r)
	}
}

// biBlockOnFlavor tells what runs the future of a block_on in synchronous code, and names
// it for notes.
func biBlockOnFlavor(t *parser.Tree, call parser.NodeID) (biFlavor, string) {
	at := fmt.Sprintf("`%s(..)`", biShortCallee(t, call))
	if MethodName(t, call) == "" {
		path := CalleePath(t, call)
		if strings.HasSuffix(path, "_block_on") || strings.HasPrefix(LastSegment(path), "block_on_") {
			return biFlavorUnknown, at
		}
		return biFlavorAlone, at // futures::executor::block_on, pollster, smol, async-std: this future alone
	}
	flavor := biFlavorUnknown
	biOrigins(t, Receiver(t, call), 0, func(path string, isType bool) bool {
		switch {
		case strings.Contains(path, "new_current_thread"), strings.HasSuffix(path, "LocalSet::new"),
			strings.HasSuffix(path, "LocalRuntime::new"), PathIs(path, "actix_rt::System::new", "actix_web::rt::System::new"):
			flavor = biFlavorCurrent
		case strings.Contains(path, "new_multi_thread"), path == "tokio::runtime::Runtime::new":
			flavor = biFlavorMulti
		case PathIs(path, "tokio::runtime::Handle::current", "tokio::runtime::Handle::try_current"):
			flavor = biFlavorAlone
		default:
			return true
		}
		return false
	})
	switch flavor {
	case biFlavorCurrent:
		return flavor, "the current-thread runtime that " + at + " drives"
	case biFlavorMulti:
		return flavor, "the multi-thread runtime's " + at
	}
	return flavor, at
}

// biShortCallee is the callee of call as written, shortened for a note.
func biShortCallee(t *parser.Tree, call parser.NodeID) string {
	s := strings.Join(strings.Fields(t.Text(t.Field(call, parser.FFunction))), "")
	if len(s) > 40 {
		if m := MethodName(t, call); m != "" {
			return "." + m
		}
		return LastSegment(s)
	}
	return s
}

// biGraph is a package's async fns and roots, with the calls resolved by name.
type biGraph struct {
	fns     []biFnFact
	byID    map[string]int
	callers [][]int // callers[i]: the fns that call fn i
	roots   []biRootFact
	free    map[string][]int // name -> free fns
	methods map[string][]int // name -> methods
	selfs   map[string][]int // name -> the methods that take `self` (what a method call can call)
	types   map[string]bool  // the types the crate's methods and associated fns belong to
	// plain: the crate's structs, enums and unions (by name) that no trait shares a name with
	// and that have no `Deref` impl (biPlainTypes): a method call on one runs its own method
	// or a trait's, never another plain type's.
	plain   map[string]bool
	tasks   int                  // the number of task roots
	aliases map[string][2]string // `pub use m::old as new` renames: new -> {old, m}

	spawnAll, spawnLocal map[int]bool         // memos of spawners
	cmds                 map[string]string    // memo of commands: argument types by name
	syncSpawn            map[string]bool      // memo of syncSpawners
	works                map[int]bool         // memo of startsWork, by command handler
	back                 map[int]map[int]bool // memo of reachBack, shared: never modified
}

// biSelfNames names the methods of fns that take `self`: the names a method call may run,
// which biSettleRecvs settles receivers for.
func biSelfNames(fns []biFnFact) map[string]bool {
	names := map[string]bool{}
	for _, f := range fns {
		if f.Method && f.Receiver {
			names[f.Name] = true
		}
	}
	return names
}

// biPlainTypes names the crate's structs, enums and unions that no trait of the crate is
// also named, and that have no `Deref` impl (a method call on one may run the target's).
// Both graphs ask; it is made once per crate.
func biPlainTypes(c *Crate) map[string]bool {
	return Memo(c, biPlainMemo, func() map[string]bool { return biMakePlainTypes(c) })
}

func biMakePlainTypes(c *Crate) map[string]bool {
	plain, traits := map[string]bool{}, map[string]bool{}
	for _, ft := range Facts(c, typeFactKey) {
		for name, items := range ft.Items {
			for _, it := range items {
				switch it.Kind {
				case 's', 'e', 'u':
					plain[name] = true
				case 't', 'a':
					traits[name] = true
				}
			}
		}
	}
	for _, ft := range Facts(c, typeFactKey) {
		for name := range ft.Derefs {
			traits[name] = true
		}
	}
	for name := range traits {
		delete(plain, name)
	}
	return plain
}

// biGraphOf builds the crate's graph once and keeps it among the crate's facts.
func biGraphOf(c *Crate) *biGraph {
	return Memo(c, biFactMemo, func() *biGraph { return biBuildGraph(c) })
}

func biBuildGraph(c *Crate) *biGraph {
	fns := slices.Clone(Facts(c, biFactFn))
	asyncs := biSelfNames(fns)
	for i := range fns {
		fns[i].Calls = biSettleRecvs(c, fns[i].Path, fns[i].Calls, asyncs)
	}
	g := biGraphOfFns(fns, biAliases(c), biPlainTypes(c))
	for _, r := range Facts(c, biFactRoot) {
		r.Calls = biSettleRecvs(c, r.Path, r.Calls, asyncs)
		g.roots = append(g.roots, r)
		if r.Kind == biRootTask {
			g.tasks++
		}
	}
	g.markExported(c)
	return g
}

// biAliases gathers the renames of the crate's `pub use` declarations: new name -> the old
// name and its module.
func biAliases(c *Crate) map[string][2]string {
	out := map[string][2]string{}
	for _, f := range Facts(c, biFactFile) {
		for _, a := range f.Aliases {
			out[a[0]] = [2]string{a[1], a[2]}
		}
	}
	return out
}

// biGraphOfFns indexes fns and resolves their calls into callers (startup.go builds a graph
// of every fn with it). aliases are the crate's `pub use` renames (biAliases).
func biGraphOfFns(fns []biFnFact, aliases map[string][2]string, plain map[string]bool) *biGraph {
	g := &biGraph{byID: make(map[string]int, len(fns)), free: map[string][]int{}, methods: map[string][]int{}, selfs: map[string][]int{}, types: map[string]bool{}, aliases: aliases, plain: plain}
	g.fns = slices.Clone(fns) // markExported writes to them: the facts stay as recorded
	for i := range g.fns {
		f := &g.fns[i]
		g.byID[f.ID] = i
		if f.Method {
			g.methods[f.Name] = append(g.methods[f.Name], i)
			g.types[f.Type] = true
			if f.Receiver {
				g.selfs[f.Name] = append(g.selfs[f.Name], i)
			}
		} else {
			g.free[f.Name] = append(g.free[f.Name], i)
		}
	}
	g.callers = g.callerLists(nil)
	return g
}

// callerLists returns, for each fn j, the fns whose calls (those counts accepts; all when
// nil) may run j, each caller once: a fn that calls `.get(..)` in ten places is one caller
// of every `get`, not ten (callersIn and reachBack walk these lists).
func (g *biGraph) callerLists(counts func(r biRef) bool) [][]int {
	callers := make([][]int, len(g.fns))
	last := make([]int32, len(g.fns)) // last[j] = i+1 once i was added to callers[j]
	for i := range g.fns {
		for _, r := range g.fns[i].Calls {
			if counts != nil && !counts(r) {
				continue
			}
			for _, j := range g.resolve(r) {
				if last[j] != int32(i+1) {
					last[j] = int32(i + 1)
					callers[j] = append(callers[j], i)
				}
			}
		}
	}
	return callers
}

// resolve returns the fns a call may run. A qualifier narrows the candidates when some
// match it. When none does, a method's candidates all count (a trait, a generic), and so
// does a free fn's only candidate (a re-export); of several free fns of the name, none is
// taken for a call whose module path matches none of them.
func (g *biGraph) resolve(r biRef) []int {
	var cands []int
	switch r.Kind {
	case biRefFn:
		cands = g.free[r.Name]
		if old, ok := g.aliases[r.Name]; ok && len(cands) == 0 {
			// `app::run_cli()` of `pub use cli::main as run_cli;`: the fn is `main` of
			// module cli (the call's path names the re-export, not the fn's module)
			r.Name, r.Qual = old[0], old[1]
			cands = g.free[r.Name]
		}
		if r.Qual != "" {
			var narrow []int
			for _, i := range cands {
				if g.fns[i].Module == r.Qual {
					narrow = append(narrow, i)
				}
			}
			if len(narrow) > 0 {
				return narrow
			}
			if len(cands) > 1 {
				// `net::init()` where no module `net` of the crate has one: another
				// crate's, or a re-export. Of several fns of the name, none is known to be it.
				return nil
			}
		}
	case biRefAssoc, biRefMethod:
		cands = g.methods[r.Name]
		if r.Kind == biRefMethod {
			cands = g.selfs[r.Name]
		}
		if r.Recv != "" {
			// The receiver's type is known: its own methods (trait impls for it included).
			// When the call runs one of them (Closed), no other method of the name counts,
			// even when that one is not async (not in the graph); a type of the crate
			// without a method of the name may get it from a trait (a default method):
			// then all count.
			var narrow []int
			for _, i := range cands {
				if g.fns[i].Type == r.Recv {
					narrow = append(narrow, i)
				}
			}
			if len(narrow) > 0 || r.Closed {
				return narrow
			}
			if g.plain[r.Recv] {
				cands = g.traitMethods(cands) // no method of its own: a trait's (below)
			}
		}
		if r.Qual != "" {
			var narrow []int
			for _, i := range cands {
				if g.fns[i].Type == r.Qual {
					narrow = append(narrow, i)
				}
			}
			if len(narrow) > 0 {
				return narrow
			}
			if r.Kind == biRefMethod && g.plain[r.Qual] {
				// A method call on a value of the crate's own struct that has no method of
				// the name (a trait's default method, or one a derive or attribute macro
				// generates: tarpc's `serve()`): not another struct's inherent method of that
				// name (set TY: an RPC server's generated `serve()` taken for the proxy
				// server's `serve`, which made a reconnect loop look like it spawned itself).
				return g.traitMethods(cands)
			}
			if r.Kind == biRefAssoc && !g.types[r.Qual] && biStdTypes[r.Qual] {
				// `Box::new(key)`, `PathBuf::from(..)`: std's type, which no fn of the
				// crate belongs to, and so is its fn (a trait's name, `Handler::call(..)`,
				// or a type parameter, `T::new()`, may still be any of the crate's)
				return nil
			}
			if r.Kind == biRefAssoc && r.Ext != "" && !g.types[r.Qual] {
				// `event_listener::Event::new()` (or `Event::new()` after such a `use`):
				// a type of another crate. Its fns are not the crate's; only a trait of
				// that crate called with its receiver first (`Service::call(&mut svc, req)`)
				// runs one of the crate's methods. Taken for any `new` of the crate, it
				// made a loop that builds an event listener "call" a keystore's loader.
				if slices.ContainsFunc(cands, func(i int) bool { return !g.fns[i].Receiver }) {
					return slices.DeleteFunc(slices.Clone(cands), func(i int) bool { return !g.fns[i].Receiver })
				}
				return cands
			}
		}
	}
	return cands
}

// biTypeMethodRefs keeps the receiver type of each method call of refs that is not on
// `self`, as the file tells it (TypeOf: a parameter's or field's declared type, a
// constructor, a fn's return type), for biSettleRecvs.
func biTypeMethodRefs(p *Pass, refs []biRef) {
	t := p.Tree
	for i := range refs {
		if r := &refs[i]; r.Kind == biRefMethod && r.Qual == "" && t.Is(r.call, parser.KCallExpression) {
			if ty := p.TypeOf(Receiver(t, r.call)); ty.Path != "" || ty.Pending() {
				r.recvTy = &ty
			}
		}
	}
}

// traitMethods is cands without the methods of plain types: what a method call on a plain
// type that has no method of the name may run (a trait's default method).
func (g *biGraph) traitMethods(cands []int) []int {
	return slices.DeleteFunc(slices.Clone(cands), func(i int) bool { return g.plain[g.fns[i].Type] })
}

// biSettleRecvs returns refs (calls made in file path) with Recv and Closed set from their
// receiver types, settled against the crate's files; refs itself when none needs it. Only
// calls of a name that some async method of the crate has (asyncs) are looked at. The type
// is followed through smart pointers and guards as auto-deref does; an unknown type, a
// primitive or a built-in shape leaves the call resolved by name.
func biSettleRecvs(c *Crate, path string, refs []biRef, asyncs map[string]bool) []biRef {
	need := func(r biRef) bool { return r.recvTy != nil && asyncs[r.Name] }
	if !slices.ContainsFunc(refs, need) {
		return refs
	}
	out := slices.Clone(refs)
	res := c.typeResolver(path)
	for i := range out {
		r := &out[i]
		if !need(*r) {
			continue
		}
		ty := res.Inner(*r.recvTy)
		if !ty.Known() || !strings.Contains(ty.Path, "::") && !ty.Crate {
			continue
		}
		r.Recv = ty.Name()
		if root, _, _ := strings.Cut(ty.Path, "::"); !ty.Crate && root != "crate" && root != "self" && root != "super" {
			r.Closed = true // another crate's type
			continue
		}
		if owner, fn, _ := res.MethodOwner(ty, r.Name); fn != nil && owner.Known() {
			r.Recv, r.Closed = owner.Name(), true
		}
	}
	return out
}

// biStdTypes are std's types whose associated fns (`Box::new`, `Vec::with_capacity`,
// `PathBuf::from`) code calls everywhere: a call of one is no call of the crate's fn of
// that name, unless the crate declares a type of that name itself.
var biStdTypes = map[string]bool{"Box": true, "Vec": true, "String": true, "Arc": true, "Rc": true,
	"Weak": true, "Cell": true, "RefCell": true, "Mutex": true, "RwLock": true, "Option": true,
	"Result": true, "Pin": true, "Cow": true, "HashMap": true, "HashSet": true, "BTreeMap": true,
	"BTreeSet": true, "VecDeque": true, "BinaryHeap": true, "PathBuf": true, "Path": true,
	"OsString": true, "Duration": true, "Instant": true, "SystemTime": true, "AtomicBool": true,
	"AtomicUsize": true, "AtomicU64": true, "AtomicI64": true, "AtomicU32": true}

// markExported sets Exported on the pub fns that other packages can call: in a file whose
// declarations from the library's root are all `pub mod`, or re-exported by a `pub use` that
// names the fn or a module around it (or globs one). A file whose declaration was not found
// counts as exported, unless it belongs to a binary.
func (g *biGraph) markExported(c *Crate) {
	files := map[string]biFileFact{}
	declaredBy := map[string][]struct {
		from string
		pub  bool
	}{}
	reexported := map[string]bool{}
	globbed := map[string]bool{}
	libDir := ""
	for _, f := range Facts(c, biFactFile) {
		files[f.Path] = f
		if f.LibRoot {
			libDir = filepath.Dir(f.Path)
		}
		for _, d := range f.Decls {
			for _, target := range d.Files {
				declaredBy[target] = append(declaredBy[target], struct {
					from string
					pub  bool
				}{f.Path, d.Pub})
			}
		}
		for _, u := range f.PubUses {
			reexported[u] = true
		}
		for _, m := range f.Globs {
			globbed[m] = true
		}
	}
	memo := map[string]bool{}
	var public func(path string, depth int) bool
	public = func(path string, depth int) bool {
		if v, ok := memo[path]; ok {
			return v
		}
		f, known := files[path]
		if known && f.Bin {
			return false
		}
		if !known || f.LibRoot {
			return true
		}
		memo[path] = false // a cycle exports nothing
		decls := declaredBy[path]
		res := len(decls) == 0 || depth > 32
		for _, dd := range decls {
			if !res && dd.pub {
				res = public(dd.from, depth+1)
			}
		}
		memo[path] = res
		return res
	}
	for i := range g.fns {
		f := &g.fns[i]
		if !f.Pub {
			continue
		}
		if ff, ok := files[f.Path]; ok && ff.Bin {
			continue
		}
		f.Exported = public(f.Path, 0) || reexported[f.Name] || f.Type != "" && reexported[f.Type]
		for _, m := range biModuleChain(libDir, f.Path) {
			f.Exported = f.Exported || reexported[m] || globbed[m]
		}
	}
}

// biModuleChain names the modules a file sits in, from the library's directory
// (src/link/bridge.rs gives link, bridge).
func biModuleChain(libDir, path string) []string {
	rel, err := filepath.Rel(libDir, path)
	if libDir == "" || err != nil || strings.HasPrefix(rel, "..") {
		return []string{strings.TrimSuffix(filepath.Base(path), ".rs")}
	}
	var out []string
	for _, seg := range strings.Split(filepath.ToSlash(rel), "/") {
		seg = strings.TrimSuffix(seg, ".rs")
		if seg != "mod" && seg != "lib" && seg != "main" {
			out = append(out, seg)
		}
	}
	return out
}

// reachBack returns the fns from which fn i can be reached (i included).
func (g *biGraph) reachBack(i int) map[int]bool {
	if b, ok := g.back[i]; ok {
		return b
	}
	if g.back == nil {
		g.back = map[int]map[int]bool{}
	}
	g.back[i] = g.reachBackStop(i, nil)
	return g.back[i]
}

// reachBackNarrow is reachBack(i) through calls that name at most biPerItemCands fns: a
// call of `.run()` or `.start()`, which names every fn of that name in the package, does not
// make its caller one that leads to i.
func (g *biGraph) reachBackNarrow(i int) map[int]bool {
	return g.reachBackNarrowExcept(i, nil)
}

// reachBackNarrowExcept is reachBackNarrow that does not follow the calls from k to j for
// which skip(k, j) holds.
func (g *biGraph) reachBackNarrowExcept(i int, skip func(k, j int) bool) map[int]bool {
	seen := map[int]bool{i: true}
	queue := []int{i}
	for len(queue) > 0 {
		j := queue[0]
		queue = queue[1:]
		for _, k := range g.callers[j] {
			if seen[k] || !g.callsNarrowly(k, j) || skip != nil && skip(k, j) {
				continue
			}
			seen[k] = true
			queue = append(queue, k)
		}
	}
	return seen
}

// callsNarrowly reports whether fn k calls fn j by a call that names at most
// biPerItemCands fns.
func (g *biGraph) callsNarrowly(k, j int) bool {
	for _, ref := range g.fns[k].Calls {
		if slices.Contains(g.resolveNarrow(ref), j) {
			return true
		}
	}
	return false
}

// biStdMethods are methods of std's and Tokio's channels, I/O types, locks and collections:
// called on a value whose type is not known, such a name says nothing about which fn of the
// package runs (`tx.send(..)` is most likely a channel's, not the crate's `Client::send`).
var biStdMethods = map[string]bool{
	"send": true, "recv": true, "try_send": true, "try_recv": true, "send_async": true,
	"recv_async": true, "send_timeout": true, "get": true, "get_mut": true, "insert": true,
	"remove": true, "push": true, "pop": true, "write": true, "read": true, "write_all": true,
	"read_exact": true, "read_to_end": true, "read_to_string": true, "flush": true, "close": true,
	"shutdown": true, "lock": true, "wait": true, "next": true, "call": true, "connect": true,
	"accept": true, "bind": true, "spawn": true, "join": true, "take": true, "replace": true,
	"subscribe": true, "notify_one": true, "notify_waiters": true, "changed": true, "clear": true,
	// builders' and hashers' (reqwest's, an SDK's fluent builders, tokio's runtime Builder,
	// Hasher, DebugStruct): a crate's own `Server::build` is not what `x.build()` calls
	"build": true, "finish": true, "finalize": true,
	// atomics', `ArcSwap`'s and `Cell`'s: `pos.load()` is no plugin loader's `load`
	"load": true, "store": true, "swap": true, "set": true, "iter": true,
}

// resolveNarrow is resolve for evidence that a fn runs per item: nil when the call names
// more than biPerItemCands fns, or is a std-named method (biStdMethods) on a value whose
// type is not known.
func (g *biGraph) resolveNarrow(r biRef) []int {
	if r.Kind == biRefMethod && r.Qual == "" && biStdMethods[r.Name] {
		return nil
	}
	if cands := g.resolve(r); len(cands) <= biPerItemCands {
		return cands
	}
	return nil
}

// reachBackStop is reachBack that leaves out the fns of stop and does not go on past them.
func (g *biGraph) reachBackStop(i int, stop map[int]bool) map[int]bool {
	seen := map[int]bool{}
	if !stop[i] {
		seen[i] = true
	}
	queue := []int{i}
	done := map[int]bool{i: true}
	for len(queue) > 0 {
		j := queue[0]
		queue = queue[1:]
		if stop[j] {
			continue
		}
		for _, k := range g.callers[j] {
			if !done[k] {
				done[k] = true
				if !stop[k] {
					seen[k] = true
				}
				queue = append(queue, k)
			}
		}
	}
	return seen
}

// leads returns the offsets of root r's calls that lead to a fn of back, and whether r's
// own fn (an `async fn main`, a handler) is target itself or, for a handler, reaches it.
func (g *biGraph) leads(r *biRootFact, back map[int]bool, target int) (offs []uint32, self bool) {
	if r.FnID != "" {
		if i, ok := g.byID[r.FnID]; ok && back[i] && (i == target || r.Kind == biRootTask) {
			return nil, true
		}
	}
	for _, ref := range r.Calls {
		for _, j := range g.resolve(ref) {
			if back[j] {
				offs = append(offs, ref.Off)
				break
			}
		}
	}
	return offs, false
}

// firstLead returns the offset of the first of calls that may run a fn of back.
func (g *biGraph) firstLead(calls []biRef, back map[int]bool) uint32 {
	first := ^uint32(0)
	for _, ref := range calls {
		if ref.Off >= first {
			continue
		}
		for _, j := range g.resolve(ref) {
			if back[j] {
				first = ref.Off
				break
			}
		}
	}
	return first
}

// biQuery is what settling a finding needs to know about its call.
type biQuery struct {
	FnID string
	Fn   string // how notes name the async fn
	Off  uint32 // the call's offset
	// Brief is set for calls whose stall is short and bounded (file I/O on a local disk):
	// run once per process they cost the other tasks a moment, once.
	Brief bool
	// Loop is set when the call runs in a loop of its async body, or gives a `for` loop
	// its iterator (Iterated).
	Loop     bool
	Iterated bool
	// Process is set, with Brief, for a wait for a child process (`Command::output`): rare
	// waits for short commands (an admin action, a token refresh) cost little, and one per
	// request handled counts as per item.
	Process bool
	// Anywhere is the file-io-anywhere option (process-wait-anywhere for a Process): the
	// call keeps its warning without a sign that it runs per item.
	Anywhere bool
	// Cheap is set for a metadata-only file call (biStdFsMetadataOnly): its level was
	// decided by the loop around it.
	Cheap bool
	// Data says how a read's bytes reach what the async code returns (biReturnsData); empty
	// when they do not, or the call writes.
	Data string
	// Spawned is set when the call runs in a task that fn FnID spawns (`tokio::spawn(async
	// move { .. })`): it shares the executor with the tasks that run while the spawner goes
	// on, so neither start-up nor a main future without others excuses it; Off is the
	// spawn's offset, and SpawnLoop says the spawn is in a loop of the fn (a task per item).
	Spawned   bool
	SpawnLoop bool
}

// in names the code the call runs in, for notes: the fn, or the task it spawns.
func (q biQuery) in() string {
	if q.Spawned {
		return "the task that " + q.Fn + " spawns"
	}
	return q.Fn
}

// per names one run of the code the call runs in: a call of the fn, or a run of its task.
func (q biQuery) per() string {
	if q.Spawned {
		return "run of the task that " + q.Fn + " spawns"
	}
	return "call of " + q.Fn
}

// anywhereOption names the option that keeps q's kind of call at warning everywhere.
func (q biQuery) anywhereOption() string {
	if q.Process {
		return "process-wait-anywhere"
	}
	return "file-io-anywhere"
}

// what names the work of a Brief query in notes.
func (q biQuery) what() string {
	if q.Process {
		return "wait for a child process"
	}
	return "file I/O"
}

// spawners returns the fns that spawn a task, or call a fn that does (local: only tasks
// that stay on the calling thread, spawn_local).
func (g *biGraph) spawners(local bool) map[int]bool {
	memo := &g.spawnAll
	if local {
		memo = &g.spawnLocal
	}
	if *memo != nil {
		return *memo
	}
	syncSpawners := g.syncSpawners(local)
	*memo = g.callersOf(func(i int) bool {
		spawns := len(g.fns[i].Locals) > 0 || !local && len(g.fns[i].Spawns) > 0
		for _, ref := range g.fns[i].Calls {
			spawns = spawns || syncSpawners[ref.Name]
		}
		return spawns
	})
	return *memo
}

// callersOf returns the fns for which seed holds and, transitively, their callers.
func (g *biGraph) callersOf(seed func(i int) bool) map[int]bool {
	return g.callersIn(g.callers, seed)
}

// callersIn is callersOf over the caller lists callers (callers[j]: the fns whose calls of
// j count).
func (g *biGraph) callersIn(callers [][]int, seed func(i int) bool) map[int]bool {
	out := map[int]bool{}
	var queue []int
	for i := range g.fns {
		if seed(i) {
			out[i] = true
			queue = append(queue, i)
		}
	}
	for len(queue) > 0 {
		j := queue[0]
		queue = queue[1:]
		for _, k := range callers[j] {
			if !out[k] {
				out[k] = true
				queue = append(queue, k)
			}
		}
	}
	return out
}

// syncSpawners names the synchronous fns that spawn a task or hand a server its callbacks
// (nil for local: spawn_local is not told apart there). They are not in the graph, so a call
// of one counts by the fn's name.
func (g *biGraph) syncSpawners(local bool) map[string]bool {
	if local {
		return nil
	}
	if g.syncSpawn == nil {
		g.syncSpawn = map[string]bool{}
		for k := range g.roots {
			if r := &g.roots[k]; r.Kind == biRootTask && r.In != "" {
				if _, ok := g.byID[r.In]; !ok {
					g.syncSpawn[r.InName] = true
				}
			}
		}
	}
	return g.syncSpawn
}

// spawnsBefore reports whether a body may spawn a task before offset end: one of its own
// spawns, or a call of a fn that spawns (sync names the synchronous ones).
func (g *biGraph) spawnsBefore(spawns []biSite, calls []biRef, end uint32, spawners map[int]bool, sync map[string]bool) bool {
	for _, s := range spawns {
		if biBefore(s.Off, s.Branch, end) {
			return true
		}
	}
	for _, ref := range calls {
		if !biBefore(ref.Off, ref.Branch, end) {
			continue
		}
		if sync[ref.Name] {
			return true
		}
		for _, j := range g.resolve(ref) {
			if spawners[j] {
				return true
			}
		}
	}
	return false
}

// sharedBefore reports whether a task may be running on the thread when the call runs:
// spawned, on some path from root r to the call, before the path goes on towards it. On a
// current-thread (or unknown) runtime every task counts; on the others, only spawn_local
// tasks stay on this thread.
func (g *biGraph) sharedBefore(r *biRootFact, offs []uint32, self bool, back map[int]bool, target int, q biQuery) bool {
	local := r.Flavor == biFlavorMulti || r.Flavor == biFlavorAlone
	spawners := g.spawners(local)
	pick := func(all, locals []biSite) []biSite {
		if local {
			return locals
		}
		return all
	}
	if !self {
		first := ^uint32(0)
		for _, o := range offs {
			first = min(first, o)
		}
		if g.spawnsBefore(pick(r.Spawns, r.Locals), r.Calls, first, spawners, g.syncSpawners(local)) {
			return true
		}
	}
	for j := range back {
		end := q.Off
		if j != target {
			end = g.firstLead(g.fns[j].Calls, back)
		}
		if g.spawnsBefore(pick(g.fns[j].Spawns, g.fns[j].Locals), g.fns[j].Calls, end, spawners, g.syncSpawners(local)) {
			return true
		}
	}
	return false
}

// biSettling returns the crate's graph and the async fn of query q when finding f is a
// warning still to settle.
func biSettling(c *Crate, f *finding.Finding, q biQuery) (*biGraph, int, bool) {
	if f.Level != LevelWarning {
		return nil, 0, false
	}
	g := biGraphOf(c)
	i, ok := g.byID[q.FnID]
	return g, i, ok
}

// biSettleContext lowers a warning to a note when every path to its async fn starts at a
// main root where nothing else shares the thread. It says why in a note.
func biSettleContext(c *Crate, f *finding.Finding, q biQuery) {
	if why, ok := biOneFutureAtATime(c); ok && q.Brief && !c.ContextSet() {
		// (file I/O and child processes: a nested executor's block_on can still deadlock)
		f.Level = LevelNote
		f.Notes = append(f.Notes, "note here, not warning: "+why)
		return
	}
	g, i, ok := biSettling(c, f, q)
	if !ok {
		if f.Level == LevelWarning && q.Brief && !c.ContextSet() {
			biSettleRare(f, q, g, -1)
		}
		return
	}
	if ctx, ok := g.commandContext(c, i); ok {
		c.SetContext(ctx) // one-shot command-line code: its cap and note come with the context
		return
	}
	if why, ok := startupOnly(c, q.FnID, q.Off, true); ok && !q.Spawned {
		f.Level = LevelNote
		f.Notes = append(f.Notes, "note here, not warning: start-up code, which runs before anything is served and stalls no request: "+why)
		return
	}
	if q.Brief && !c.ContextSet() {
		// Not before the server necessarily, but once: a file read or written once per
		// process stalls the thread for a moment, once. Not a loop of them (a walk over a
		// folder that may hold millions of files), which holds it as long as the folder is big.
		if why, ok := onceFromMain(c, q.FnID); ok && !q.Loop {
			f.Level = LevelNote
			cost := "a local file read or written once holds the thread for a moment, once (it matters for a large file or a network file system)"
			if q.Process {
				cost = "one short command waited for once holds the thread while it runs, once (it matters when the command can run long)"
			}
			f.Notes = append(f.Notes, "note here, not warning: this "+q.what()+" runs once per process, not per request or per message: "+why+"; "+cost)
			return
		}
		if where, ok := lazyOnly(c, q.FnID); ok {
			f.Level = LevelNote
			f.Notes = append(f.Notes, fmt.Sprintf("note here, not warning: this %s runs when a value is first made: every %s fills a value that is made once and kept (`if slot.is_none() { slot = Some(..) }`, `get_or_init`), in %s; it runs again only when that value is gone", q.what(), q.per(), where))
			return
		}
	}
	if (q.Spawned || !biSettleMain(c, f, q, g, i)) && q.Brief && !c.ContextSet() {
		biSettleRare(f, q, g, i)
	}
}

// biOneFutureAtATime tells whether the package runs one future at a time: it drives its
// async code with pollster's `block_on` (a file uses `pollster`), and nothing in it spawns a
// task, runs a runtime's `main`, or is a request handler or a task per connection (a
// callback handed to a combinator, `try_map(|x| ..)`, runs inside the future that calls it;
// so does one handed to a method named like a router's, `options(|o| ..)`). Its async code
// then runs on the thread that calls `block_on`, alone: a blocking call stalls only the
// future it is in, as the same code written synchronously would (judged on real code: a
// version-control CLI whose library is async for remote backends and local for the rest).
// The answer is the same for every finding of the crate: it is worked out once.
func biOneFutureAtATime(c *Crate) (string, bool) {
	why := Memo(c, biAloneMemo, func() string {
		if len(Facts(c, biFactPollster)) == 0 {
			return ""
		}
		g := biGraphOf(c)
		for k := range g.roots {
			if r := &g.roots[k]; r.Kind == biRootMain || r.PerTurn || !r.Callback {
				return ""
			}
		}
		for i := range g.fns {
			if len(g.fns[i].Spawns) > 0 || len(g.fns[i].Locals) > 0 {
				return ""
			}
		}
		return "the package drives its async code with `pollster`'s `block_on` and starts no task, runtime or server of its own: the future runs alone on the thread that blocks on it, so this call holds up only that future, as the same code written synchronously would. A caller that runs it on a shared executor would feel it"
	})
	return why, why != ""
}

// biSettleMain lowers a warning to a note when every path to fn i starts at a main root
// where nothing else shares the thread, and says so; it reports whether it did.
func biSettleMain(c *Crate, f *finding.Finding, q biQuery, g *biGraph, i int) bool {
	back := g.reachBack(i)
	var mains []*biRootFact
	inBin, isMain := false, false
	for k := range g.roots {
		r := &g.roots[k]
		offs, self := g.leads(r, back, i)
		if len(offs) == 0 && !self {
			continue
		}
		if r.Kind == biRootTask || g.sharedBefore(r, offs, self, back, i, q) {
			return false // runs beside other tasks
		}
		mains = append(mains, r)
		inBin = inBin || r.InBin
		isMain = isMain || self
	}
	if len(mains) == 0 {
		return false // no root reaches it: its callers are out of sight
	}
	if !inBin {
		// A fn with a runtime attribute is synchronous to its callers: they do not run its body
		// on their executors, so only what reaches the call without passing one counts.
		for j := range g.reachBackUntil(i, mains) {
			if g.fns[j].Exported {
				return false // other packages may run it on their executors
			}
		}
	}
	r := mains[0]
	where := fmt.Sprintf("%s (%s:%d)", r.What, biRel(c.Root, r.Path), r.Line)
	var why string
	switch {
	case isMain && len(mains) == 1 && (r.Flavor == biFlavorMulti || r.Flavor == biFlavorAlone):
		why = fmt.Sprintf("%s runs the body of %s through `block_on` on the thread that starts the runtime, not on a worker thread shared with spawned tasks, and no spawned task or request handler reaches it: blocking holds up only %s itself", biAttrOf(r), q.Fn, q.Fn)
	case isMain && len(mains) == 1:
		why = fmt.Sprintf("%s runs the body of %s on the runtime's only thread, and no task is spawned before this call: no other task shares the thread while it blocks (it would stall tasks spawned earlier)", biAttrOf(r), q.Fn)
	case r.Flavor == biFlavorMulti || r.Flavor == biFlavorAlone:
		why = fmt.Sprintf("%s runs only as part of the future that %s runs on the thread that called it, not on a worker thread shared with spawned tasks, and no spawned task or request handler reaches it: blocking holds up only that future", q.Fn, where)
	case g.tasks == 0:
		why = fmt.Sprintf("%s runs only in the main future of %s, and this package spawns no task and registers no handler: no other task shares the thread while it blocks", q.Fn, where)
	default:
		why = fmt.Sprintf("%s runs only in the main future of %s, no spawned task or request handler reaches it, and no task is spawned on the way to it: no other task shares the thread while it blocks (it would stall tasks spawned earlier on that runtime)", q.Fn, where)
	}
	if len(mains) > 1 {
		why += fmt.Sprintf(" (likewise from %d other entry points)", len(mains)-1)
	}
	f.Level = LevelNote
	f.Notes = append(f.Notes, "note here, not warning: "+why)
	return true
}

// biSettlePrompt lowers a warning on a read of standard input to a note unless the read is
// known to stall other tasks: a spawned task or handler that reads in a loop, or a read on a
// current-thread runtime after a task was spawned on it. A prompt (`Say 'yes' to go on`, an
// interactive console) waits for its user on purpose: judged on real code (linera's CLI
// confirmations, mail-server's store console), none was worth changing.
func biSettlePrompt(c *Crate, f *finding.Finding, q biQuery, loop bool) {
	g, i, ok := biSettling(c, f, q)
	if !ok {
		return
	}
	back := g.reachBack(i)
	for k := range g.roots {
		r := &g.roots[k]
		offs, self := g.leads(r, back, i)
		switch {
		case len(offs) == 0 && !self:
		case r.Kind == biRootTask:
			if loop {
				return
			}
		case r.Flavor == biFlavorCurrent && g.sharedBefore(r, offs, self, back, i, q):
			return
		}
	}
	f.Level = LevelNote
	f.Notes = append(f.Notes, "note here, not warning: a read of standard input, not in a spawned task or handler that reads in a loop, and not after a task was spawned on a current-thread runtime: it waits for the user at a prompt, which is what an interactive command is for")
}

// biSettleRare lowers a warning on brief file I/O (see biQuery.Brief) to a note unless
// something shows that it runs once per item: the call is in a loop of its async fn, a fn
// of the package that reaches that fn (i, -1 when the graph does not hold it) calls it in a
// loop, a task or callback does, or a task spawned per connection reaches it. Judged on real code (sets G to J), std::fs calls
// left in async code ran at start-up, on admin routes, per token refresh or per connection
// set-up: 1 in 15 was worth changing, and that one ran per block of a read loop.
func biSettleRare(f *finding.Finding, q biQuery, g *biGraph, i int) {
	perItem, upstream := "", false
	switch {
	case q.SpawnLoop:
		perItem = "the task is spawned in a loop of " + q.Fn
	case q.Loop:
		perItem = "the call is in a loop of " + q.in()
		if q.Iterated {
			perItem = "the call gives a `for` loop in " + q.in() + " its items"
		}
	case q.Anywhere:
		return
	case i >= 0:
		perItem, upstream = g.perItem(i, q.Process)
	}
	if perItem != "" && upstream {
		// Per item only because a caller up the chain runs a `for` over a collection: judged
		// on real code (sets W to R), such loops walked a few configured things (providers,
		// identities, volumes, datasets) and 1 in 14 calls below a loop up the chain was
		// worth changing; a loop in the fn itself, a loop per message or event up the chain,
		// a task per connection or message, and a request handler (for a child process)
		// keep the warning.
		f.Level = LevelNote
		f.Notes = append(f.Notes, fmt.Sprintf("note here, not warning: it runs once per item of a `for` loop up the chain of callers (%s), not in a loop of %s itself, and no loop per message or event, request handler or task spawned per connection or message reaches it: such loops walk a handful of things in hand (configured providers, identities, volumes, datasets) more often than a hot path, and each item holds the thread for one brief %s. It matters when the collection is large or the loop runs per request (`%s = true` in [rules.blocking_in_async] keeps such calls at warning)",
			perItem, q.in(), q.what(), q.anywhereOption()))
		return
	}
	if perItem != "" {
		if q.Process || q.Cheap || q.Data != "" || q.Anywhere {
			f.Notes = append(f.Notes, "it runs per item: "+perItem)
			if q.Data != "" {
				f.Notes = append(f.Notes, "the file is the data the code hands back: "+q.Data)
			}
			return
		}
		// Per item, but the file is none of the data the code returns: a certificate, a
		// key, a config or state file read or written on the way. Judged on real code these
		// were small files on setup, admin and command paths (a TLS store built per
		// connection, a reset action, a table dump), while the reads worth acting on handed
		// their bytes back (a cache's block read, a file picker's `read_bytes`).
		f.Level = LevelNote
		f.Notes = append(f.Notes, fmt.Sprintf("note here, not warning: it runs per item (%s), but the file is none of the data %s hands back: a read or write on the way (a certificate, a key, a config or state file) holds the thread for a moment each time. It matters for a large file or on a network file system (`file-io-anywhere = true` in [rules.blocking_in_async] keeps such calls at warning)", perItem, q.in()))
		return
	}
	f.Level = LevelNote
	if q.Process {
		f.Notes = append(f.Notes, fmt.Sprintf("note here, not warning: one wait for a child process per %s, and nothing in sight makes it per item: it is in no loop there, no code of this package that leads to it calls it in a loop, and no request handler or task spawned per connection or message reaches it. A rare wait for a short command (an admin action, a settings toggle, a token refresh) holds one thread while the command runs; it matters on a hot path, or when the command can run long (`process-wait-anywhere = true` in [rules.blocking_in_async] keeps such calls at warning)", q.per()))
		return
	}
	f.Notes = append(f.Notes, fmt.Sprintf("note here, not warning: one brief file operation per %s, and nothing in sight makes it per item: it is in no loop there, no code of this package that leads to it calls it in a loop, and no task spawned per connection or message reaches it. File I/O on a local disk holds the thread for a moment; it matters on a hot path (per request or message), for a large file, or on a network file system (`file-io-anywhere = true` in [rules.blocking_in_async] keeps such calls at warning)", q.per()))
}

// biPerItemCands bounds how many fns a method call may name and still count as a loop
// that calls one of them (`.get_block(..)` of a cache trait with a few impls counts,
// `.get(..)` does not).
const biPerItemCands = 4

// perItem reports whether fn i runs once per item (reaching i only through calls that name
// at most biPerItemCands fns, reachBackNarrow): a fn that reaches i (or i itself) is
// called in a loop by a fn that reaches i, or by a task or callback, or a task spawned per
// connection or message reaches i. A request handler alone does not count: on real code the
// std::fs calls below handlers were on admin routes (upload a skill, write a connector's
// config, delete a store), where the data path used tokio::fs. It names the caller.
//
// With handlers set, a request handler that reaches i counts too (a child process per
// request is a cost on the data path, not an admin route's). upstream says the only sign is
// a `for` loop up the chain of callers, over a collection in hand (a task per connection or
// message, a handler, or a loop that runs per message or event comes first).
func (g *biGraph) perItem(i int, handlers bool) (why string, upstream bool) {
	back := g.reachBackNarrow(i)
	for k := range g.roots {
		if r := &g.roots[k]; r.PerTurn || handlers && r.Serves {
			if offs, self := g.leads(r, back, i); len(offs) > 0 || self {
				// once per connection, message or request
				return fmt.Sprintf("%s (%s:%d) reaches this call", r.What, filepath.Base(r.Path), r.Line), false
			}
		}
	}
	// A loop that runs per message or event first (`loop`, `while let Some(m) = rx.recv()
	// .await`), then a `for` over a collection in hand.
	for _, each := range []bool{false, true} {
		repeats := func(_ int, r biRef) bool { return r.Loop && r.Each == each }
		if j, callee, ok := g.repeatCaller(back, repeats); ok {
			return fmt.Sprintf("`%s` (in %s) calls `%s` in a loop, on the way to this call", g.fns[j].Name, filepath.Base(g.fns[j].Path), callee), each
		}
		for k := range g.roots {
			r := &g.roots[k]
			if callee := g.repeatIn(r.Calls, back, -1, repeats); callee != "" {
				return fmt.Sprintf("%s (%s:%d) calls `%s` in a loop, on the way to this call", r.What, filepath.Base(r.Path), r.Line, callee), each
			}
		}
	}
	return "", false
}

// biOnlyForLoops reports whether every loop around call inside body walks something in
// hand: a `for`, or a `while` whose condition awaits nothing (`while i < n`); a `loop` or a
// `while let Some(m) = rx.recv().await` runs per message or event. At least one loop.
func biOnlyForLoops(t *parser.Tree, call, body parser.NodeID) bool {
	n := 0
	for a, child := t.Parent(call), call; a >= 0 && a != body; a, child = t.Parent(a), a {
		if !IsLoop(t, a) || t.Field(a, parser.FBody) != child {
			continue
		}
		switch {
		case t.Is(a, parser.KForExpression):
		case t.Is(a, parser.KWhileExpression) && !biAwaits(t, t.Field(a, parser.FCondition), func(parser.NodeID) bool { return true }):
		default:
			return false
		}
		n++
	}
	return n > 0
}

// repeatCaller finds, in the fns of back (in order), one that calls a fn of back by a
// call that repeats (repeats(j, ref): in a loop, say) and names at most biPerItemCands
// fns; it returns that fn and the name it calls.
func (g *biGraph) repeatCaller(back map[int]bool, repeats func(j int, r biRef) bool) (int, string, bool) {
	js := make([]int, 0, len(back))
	for j := range back {
		js = append(js, j)
	}
	slices.Sort(js)
	for _, j := range js {
		if callee := g.repeatIn(g.fns[j].Calls, back, j, repeats); callee != "" {
			return j, callee, true
		}
	}
	return 0, "", false
}

// repeatIn is repeatCaller for the calls refs of fn j (-1 for a root's).
func (g *biGraph) repeatIn(refs []biRef, back map[int]bool, j int, repeats func(j int, r biRef) bool) string {
	for _, r := range refs {
		if !repeats(j, r) {
			continue
		}
		cands := g.resolveNarrow(r)
		for _, k := range cands {
			// `tasks.spawn(proxy.run(..))` in `Manager::run`, where `.run` names both
			// `Manager::run` and `Handler::run`: of a call that names several fns, the fn
			// that makes it is the least likely one (a recursive call names only itself).
			if back[k] && (k != j || len(cands) == 1) {
				return r.Name
			}
		}
	}
	return ""
}

// biAttrOf is the runtime attribute that made main root r (its What without the fn).
func biAttrOf(r *biRootFact) string {
	if i := strings.Index(r.What, " on `async fn "); i >= 0 {
		return r.What[:i]
	}
	return r.What
}

// reachBackUntil is reachBack(i) without the fns of mains and what reaches i only through
// them: a runtime attribute makes a fn synchronous, so its callers do not run its body as
// async code, and neither does the fn's signature.
func (g *biGraph) reachBackUntil(i int, mains []*biRootFact) map[int]bool {
	stop := map[int]bool{}
	for _, r := range mains {
		if k, ok := g.byID[r.FnID]; ok && r.FnID != "" {
			stop[k] = true
		}
	}
	return g.reachBackStop(i, stop)
}

// biRel is path relative to root when it is below it.
func biRel(root, path string) string {
	if r, err := filepath.Rel(root, path); err == nil && !strings.HasPrefix(r, "..") && r != "." {
		return filepath.ToSlash(r)
	}
	return filepath.Base(path)
}

// packageServes reports whether a package serves: registers request handlers or services,
// or spawns a task per turn of a loop, and whether its facts were recorded to tell. context.go
// asks it: a library that serves is not a command-line tool's helper.
func packageServes(c *Crate) (yes, known bool) {
	if len(Facts(c, biFactFile)) == 0 {
		return false, false
	}
	for _, r := range Facts(c, biFactRoot) {
		if r.Serves {
			return true, true
		}
	}
	return false, true
}

// biForeignCrates are executors other than Tokio: a future spawned with one of their
// functions is not driven by a Tokio runtime.
var biForeignCrates = []string{"smol", "async_std", "async_global_executor", "async_executor",
	"futures::executor", "glib", "gtk", "gtk4", "wasm_bindgen_futures", "gpui", "bevy_tasks", "embassy_executor"}

// biForeignSpawners are the method names under which executors hand out their spawn.
var biForeignSpawners = map[string]bool{"spawn": true, "spawn_local": true, "background_spawn": true,
	"spawn_in": true, "spawn_future_local": true, "spawn_future": true}

// biForeignExecutor names the call that hands async body b to an executor other than
// Tokio, or "". Two signs tell: the callee is a function of a known non-Tokio executor
// (`smol::spawn`, `glib::spawn_future_local`), or a spawn method is handed a closure (an
// `async` closure, or a closure that returns the async block): every Tokio spawn function
// takes a future, so a spawn that takes a closure (`cx.spawn(async move |cx| ..)` of GPUI)
// belongs to another executor.
func biForeignExecutor(t *parser.Tree, b parser.NodeID) string {
	arg, closure := b, t.Is(b, parser.KClosureExpression)
	if t.Is(b, parser.KAsyncBlock) {
		if c := t.Parent(b); t.Is(c, parser.KClosureExpression) && t.Field(c, parser.FBody) == b {
			arg, closure = c, true
		}
	}
	_, args := ParenParent(t, arg)
	call := t.Parent(args)
	if !t.Is(args, parser.KArguments) || !t.Is(call, parser.KCallExpression) {
		return ""
	}
	if path := CalleePath(t, call); path != "" {
		for _, c := range biForeignCrates {
			if strings.HasPrefix(path, c+"::") {
				return "`" + path + "`"
			}
		}
		return ""
	}
	fn := Callee(t, call)
	if !closure || !t.Is(fn, parser.KFieldExpression) || !biForeignSpawners[MethodName(t, call)] {
		return ""
	}
	if txt := t.Text(fn); len(txt) <= 40 && !strings.ContainsAny(txt, "\n(") {
		return "`" + txt + "`"
	}
	return "`." + MethodName(t, call) + "`"
}

// biForeignLevel lowers the error on a Tokio runtime made or entered in async code that
// another executor drives (biForeignExecutor): Tokio's panics need a Tokio runtime on the
// thread. Judged on real code: a GPUI view's `cx.spawn(async move |..| ..)` built a runtime
// and blocked on it, on purpose, to call a Tokio client from GPUI's executor.
func biForeignLevel(t *parser.Tree, d *Diagnostic, ctx biContext, creates bool, subject string) {
	by := biForeignExecutor(t, ctx.body)
	if by == "" {
		return
	}
	why := fmt.Sprintf("the async code is handed to %s, which is not Tokio's: %s", by, biForeignWhy(by))
	d.Notes = d.Notes[:0:0]
	if creates {
		d.Level = LevelNote
		d.Message = subject + " creates a Tokio runtime in async code that another executor drives"
		d.Notes = append(d.Notes, "note here, not error: "+why+"; no Tokio runtime runs on this thread, so making and dropping one does not panic. It costs a thread pool per call, and blocking on it holds up the executor's thread (reported where it blocks)")
		return
	}
	d.Level = LevelWarning
	d.Message = subject + " " + biWhatBlockOn
	d.Notes = append(d.Notes, "warning here, not error: "+why+"; Tokio's \"Cannot start a runtime from within a runtime\" panic needs a Tokio runtime on the thread, so this call does not panic, but it blocks the executor's thread until the future completes")
}

// biForeignWhy says how biForeignExecutor told the executor named by.
func biForeignWhy(by string) string {
	for _, c := range biForeignCrates {
		if strings.HasPrefix(by, "`"+c+"::") {
			return "it belongs to `" + c + "`"
		}
	}
	return "it takes a closure, and every Tokio spawn function takes a future"
}

// biSetNonblocking reports whether the socket a call is made on (a variable, or `&` of one)
// is put in non-blocking mode in the fn around the call: `listener.set_nonblocking(true)`
// anywhere in it, nested async blocks included. Its `accept` then returns `WouldBlock` at
// once instead of waiting (a listener polled in a loop with a sleep between tries).
func biSetNonblocking(t *parser.Tree, call parser.NodeID) bool {
	recv := t.Unparen(Receiver(t, call))
	for t.Is(recv, parser.KReferenceExpression) {
		recv = t.Unparen(t.Field(recv, parser.FValue))
	}
	if !t.Is(recv, parser.KIdentifier) && !t.Is(recv, parser.KFieldExpression) {
		return false
	}
	name := compactText(t, recv)
	fn := t.AncestorOfKind(call, parser.KFunctionItem)
	if fn < 0 {
		return false
	}
	return t.Find(fn, func(d parser.NodeID) (bool, bool) {
		if t.Is(d, parser.KCallExpression) && MethodName(t, d) == "set_nonblocking" && compactText(t, t.Unparen(Receiver(t, d))) == name {
			if args := Args(t, d); len(args) == 1 && t.TextIs(args[0], "true") {
				return true, false
			}
		}
		return false, true
	}) >= 0
}
