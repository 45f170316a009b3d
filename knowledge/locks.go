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

// ReadPreferringRwLocks are the RwLock types whose `read()` does not queue behind a writer
// that waits: a new reader gets in while readers hold the lock, and only a held upgradeable
// read guard turns new readers away. A second read lock by the holder of a first one then
// waits only for an upgradeable reader (which, to upgrade, waits for the first guard).
var ReadPreferringRwLocks = []LockType{
	{Path: "spin::RwLock", Flavor: LockSync, Source: "spin docs: RwLock (unfair to writers: if the lock always has readers, no writer gets a chance; no new readers are allowed when an upgradeable guard is held)"},
	{Path: "spin::rwlock::RwLock", Flavor: LockSync, Source: "spin docs: rwlock::RwLock (the same type)"},
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

// LockAccess is how a lock method holds the lock (or a cell's borrow).
type LockAccess int

// The values of LockAccess.
const (
	AccessExclusive  LockAccess = iota + 1 // lock(), write()
	AccessShared                           // read()
	AccessUpgradable                       // parking_lot's upgradable_read(): shared, may become exclusive
	AccessBorrow                           // a RefCell's or watch channel's borrow()
	AccessBorrowMut                        // a RefCell's borrow_mut()
)

// LockMethod is a method, taking no argument, that locks a lock or borrows a cell and
// returns a guard (in a Result or Option for the `try_` forms and std's poisoning locks, in
// a future for async locks).
type LockMethod struct {
	Name     string
	Access   LockAccess
	Try      bool   // try_*: returns at once, with or without the guard; never waits
	Blocking bool   // tokio's blocking_*: an async lock taken from synchronous code
	Owned    bool   // the guard holds an Arc of the lock (tokio's *_owned, lock_api's *_arc)
	Like     string // the plain method whose guard it holds like, when it is not one
	// WatchOnly: only a watch channel's Receiver has it (not a lock or a RefCell).
	WatchOnly bool
	Source    string
}

// LockMethods are the methods that take a lock's guard or a cell's borrow.
var LockMethods = []LockMethod{
	{Name: "lock", Access: AccessExclusive, Source: "std docs: Mutex::lock; parking_lot, spin, tokio::sync docs: Mutex::lock"},
	{Name: "read", Access: AccessShared, Source: "std docs: RwLock::read; parking_lot, tokio::sync docs: RwLock::read"},
	{Name: "write", Access: AccessExclusive, Source: "std docs: RwLock::write; parking_lot, tokio::sync docs: RwLock::write"},
	{Name: "try_lock", Access: AccessExclusive, Try: true, Source: "std docs: Mutex::try_lock; tokio docs: Mutex::try_lock"},
	{Name: "try_read", Access: AccessShared, Try: true, Source: "std docs: RwLock::try_read; tokio docs: RwLock::try_read"},
	{Name: "try_write", Access: AccessExclusive, Try: true, Source: "std docs: RwLock::try_write; tokio docs: RwLock::try_write"},
	{Name: "blocking_lock", Access: AccessExclusive, Blocking: true, Source: "tokio docs: Mutex::blocking_lock"},
	{Name: "blocking_read", Access: AccessShared, Blocking: true, Source: "tokio docs: RwLock::blocking_read"},
	{Name: "blocking_write", Access: AccessExclusive, Blocking: true, Source: "tokio docs: RwLock::blocking_write"},
	{Name: "lock_owned", Access: AccessExclusive, Owned: true, Source: "tokio docs: Mutex::lock_owned"},
	{Name: "read_owned", Access: AccessShared, Owned: true, Source: "tokio docs: RwLock::read_owned"},
	{Name: "write_owned", Access: AccessExclusive, Owned: true, Source: "tokio docs: RwLock::write_owned"},
	{Name: "lock_arc", Access: AccessExclusive, Owned: true, Like: "lock", Source: "lock_api docs: Mutex::lock_arc (feature arc_lock)"},
	{Name: "read_arc", Access: AccessShared, Owned: true, Like: "read", Source: "lock_api docs: RwLock::read_arc (feature arc_lock)"},
	{Name: "write_arc", Access: AccessExclusive, Owned: true, Like: "write", Source: "lock_api docs: RwLock::write_arc (feature arc_lock)"},
	{Name: "upgradable_read", Access: AccessUpgradable, Like: "read", Source: "parking_lot docs: RwLock::upgradable_read"},
	{Name: "upgradeable_read", Access: AccessUpgradable, Like: "read", Source: "spin docs: RwLock::upgradeable_read"},
	{Name: "borrow", Access: AccessBorrow, Source: "std docs: RefCell::borrow; tokio docs: watch::Receiver::borrow"},
	{Name: "borrow_mut", Access: AccessBorrowMut, Source: "std docs: RefCell::borrow_mut"},
	{Name: "try_borrow", Access: AccessBorrow, Try: true, Source: "std docs: RefCell::try_borrow"},
	{Name: "try_borrow_mut", Access: AccessBorrowMut, Try: true, Source: "std docs: RefCell::try_borrow_mut"},
	{Name: "borrow_and_update", Access: AccessBorrow, WatchOnly: true, Source: "tokio docs: watch::Receiver::borrow_and_update"},
}

// LockMethodNamed returns the entry of LockMethods named name.
func LockMethodNamed(name string) (LockMethod, bool) {
	for _, m := range LockMethods {
		if m.Name == name {
			return m, true
		}
	}
	return LockMethod{}, false
}
