package knowledge

// Spawn is a function that spawns a task and returns a handle that detaches it when dropped.
type Spawn struct {
	Path string
	// Method: an associated method of a runtime handle, written `handle.spawn(fut)` or in
	// path form with the receiver as first argument (`Handle::spawn(&h, fut)`).
	Method bool
	Source string
}

// Spawns are the spawn functions detached_task recognises (its code also knows the
// `.spawn(fut)` method form on an expression that is a runtime or its handle).
var Spawns = []Spawn{
	{Path: "tokio::spawn", Source: "tokio docs: tokio::spawn (dropping the JoinHandle detaches the task)"},
	{Path: "tokio::task::spawn", Source: "tokio docs: tokio::task::spawn"},
	{Path: "tokio::task::spawn_local", Source: "tokio docs: tokio::task::spawn_local"},
	{Path: "tokio::runtime::Handle::spawn", Method: true, Source: "tokio docs: Handle::spawn"},
	{Path: "tokio::runtime::Runtime::spawn", Method: true, Source: "tokio docs: Runtime::spawn"},
}

// BlockOnCrate is a crate whose free `block_on` (and `*_block_on` helpers) runs a future to
// completion on the calling thread: its name says what it does.
type BlockOnCrate struct {
	Crate  string // the crate's name in paths (`futures_lite`)
	Source string
}

// BlockOnCrates are the executors blocking_in_async takes at their word. A `block_on` of
// another crate of the project (a sibling of its workspace, `crate::`) is known by its name
// only: its body may wrap `tokio::task::block_in_place`.
var BlockOnCrates = []BlockOnCrate{
	{Crate: "futures", Source: "futures docs: futures::executor::block_on (runs a future to completion on the current thread)"},
	{Crate: "futures_executor", Source: "futures-executor docs: block_on"},
	{Crate: "futures_lite", Source: "futures-lite docs: future::block_on"},
	{Crate: "pollster", Source: "pollster docs: block_on"},
	{Crate: "async_std", Source: "async-std docs: task::block_on"},
	{Crate: "smol", Source: "smol docs: block_on"},
	{Crate: "async_io", Source: "async-io docs: block_on"},
	{Crate: "async_global_executor", Source: "async-global-executor docs: block_on"},
	{Crate: "async_executor", Source: "async-executor docs: LocalExecutor::run (block_on helpers around it)"},
	{Crate: "tokio", Source: "tokio docs: Runtime::block_on, Handle::block_on"},
	{Crate: "tokio_test", Source: "tokio-test docs: block_on"},
	{Crate: "extreme", Source: "extreme docs: run"},
	{Crate: "embassy_futures", Source: "embassy-futures docs: block_on"},
	{Crate: "glommio", Source: "glommio docs: LocalExecutor::run"},
	{Crate: "monoio", Source: "monoio docs: start / block_on"},
	{Crate: "compio", Source: "compio docs: runtime block_on"},
	{Crate: "actix_rt", Source: "actix-rt docs: System::block_on"},
	{Crate: "tauri", Source: "tauri docs: async_runtime::block_on"},
}
