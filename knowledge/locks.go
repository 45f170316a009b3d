package knowledge

// LockFlavor says what kind of lock a type is, which decides what its guard costs across an
// `.await` and how a second lock behaves.
type LockFlavor int

// The values of LockFlavor.
const (
	LockSync  LockFlavor = iota + 1 // a synchronous lock: parking_lot, spin, lock_api, std's reentrant lock
	LockStd                         // std::sync's Mutex and RwLock: lock() returns a LockResult
	LockAsync                       // an async lock: lock() is awaited (tokio::sync, futures::lock, async-lock ..)
	LockCell                        // RefCell: borrow() and borrow_mut() panic on a conflict
	LockWatch                       // tokio::sync::watch's Receiver and Sender: borrow() holds a read lock
)

// LockType is a lock or cell type, by its full path.
type LockType struct {
	Path   string
	Flavor LockFlavor
	Source string
}

// LockTypes are the lock types the type resolver can name, by path.
var LockTypes = []LockType{
	{Path: "std::sync::Mutex", Flavor: LockStd, Source: "std docs: std::sync::Mutex::lock"},
	{Path: "std::sync::RwLock", Flavor: LockStd, Source: "std docs: std::sync::RwLock::read, write"},
	{Path: "std::sync::ReentrantLock", Flavor: LockSync, Source: "std docs: std::sync::ReentrantLock::lock"},
	{Path: "parking_lot::Mutex", Flavor: LockSync, Source: "parking_lot docs: Mutex"},
	{Path: "parking_lot::RwLock", Flavor: LockSync, Source: "parking_lot docs: RwLock"},
	{Path: "parking_lot::FairMutex", Flavor: LockSync, Source: "parking_lot docs: FairMutex"},
	{Path: "parking_lot::ReentrantMutex", Flavor: LockSync, Source: "parking_lot docs: ReentrantMutex"},
	{Path: "spin::Mutex", Flavor: LockSync, Source: "spin docs: Mutex"},
	{Path: "spin::RwLock", Flavor: LockSync, Source: "spin docs: RwLock"},
	{Path: "lock_api::Mutex", Flavor: LockSync, Source: "lock_api docs: Mutex"},
	{Path: "lock_api::RwLock", Flavor: LockSync, Source: "lock_api docs: RwLock"},
	{Path: "lock_api::ReentrantMutex", Flavor: LockSync, Source: "lock_api docs: ReentrantMutex"},
	{Path: "tokio::sync::Mutex", Flavor: LockAsync, Source: "tokio docs: tokio::sync::Mutex::lock"},
	{Path: "tokio::sync::RwLock", Flavor: LockAsync, Source: "tokio docs: tokio::sync::RwLock::read, write"},
	{Path: "futures::lock::Mutex", Flavor: LockAsync, Source: "futures docs: futures::lock::Mutex::lock"},
	{Path: "async_lock::Mutex", Flavor: LockAsync, Source: "async-lock docs: Mutex::lock"},
	{Path: "async_lock::RwLock", Flavor: LockAsync, Source: "async-lock docs: RwLock::read, write"},
	{Path: "async_std::sync::Mutex", Flavor: LockAsync, Source: "async-std docs: async_std::sync::Mutex::lock"},
	{Path: "async_std::sync::RwLock", Flavor: LockAsync, Source: "async-std docs: async_std::sync::RwLock::read, write"},
	{Path: "std::cell::RefCell", Flavor: LockCell, Source: "std docs: std::cell::RefCell::borrow, borrow_mut"},
	{Path: "tokio::sync::watch::Receiver", Flavor: LockWatch, Source: "tokio docs: watch::Receiver::borrow (holds a read lock)"},
	{Path: "tokio::sync::watch::Sender", Flavor: LockWatch, Source: "tokio docs: watch::Sender::borrow (holds a read lock)"},
}

// LockTypeNames are the type names that decide a receiver's lock flavor where only the text
// of its declaration is known (`Arc<Mutex<T>>`, `Mutex::new(..)`).
var LockTypeNames = []string{
	"Mutex", "RwLock", "ReentrantMutex", "FairMutex", "SpinMutex", "RefCell", "Receiver", "Sender",
}

// AsyncLockModules are the crates and modules whose locks are awaited: a lock type whose path
// starts with one of them is a LockAsync.
var AsyncLockModules = []Named{
	{"tokio::sync", "tokio docs: tokio::sync (Mutex::lock, RwLock::read are async)"},
	{"futures::lock", "futures docs: futures::lock::Mutex::lock"},
	{"futures_util::lock", "futures-util docs: futures_util::lock::Mutex::lock"},
	{"async_lock", "async-lock docs"},
	{"async_std::sync", "async-std docs: async_std::sync"},
	{"smol::lock", "smol docs: smol::lock (async-lock)"},
	{"async_mutex", "async-mutex docs"},
	{"futures_locks", "futures-locks docs"},
	{"maitake_sync", "maitake-sync docs"},
	{"embassy_sync", "embassy-sync docs: mutex::Mutex::lock"},
	{"async_rwlock", "async-rwlock docs"},
	{"tokio::sync::watch", "tokio docs: tokio::sync::watch"},
}
