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
