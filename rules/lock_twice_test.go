package rules

import (
	"strings"
	"testing"
)

// TestLockTwiceNotesFitThePair checks that a second read lock's finding explains the waiting
// writer, not reentrancy (the second read waits for a writer, not for the thread's own
// guard), and that a second exclusive lock's finding says the lock is not reentrant.
func TestLockTwiceNotesFitThePair(t *testing.T) {
	reads := findingsByLine(t, LockTwice, "spin_rwlock.rs")
	f, ok := reads["let again = self.cursor.read().unwrap().height;"]
	if !ok {
		t.Fatal("no finding on the std RwLock's second read")
	}
	notes := strings.Join(f.Notes, "\n")
	if strings.Contains(notes, "not reentrant") || !strings.Contains(notes, "queue a new reader behind a waiting writer") {
		t.Errorf("read-read notes: %q", f.Notes)
	}
	locks := findingsByLine(t, LockTwice, "std_mutex.rs")
	f, ok = locks["self.map.lock().unwrap().insert(k, String::new());"]
	if !ok {
		t.Fatal("no finding on the std Mutex's second lock")
	}
	if !strings.Contains(strings.Join(f.Notes, "\n"), "not reentrant") {
		t.Errorf("lock-lock notes: %q", f.Notes)
	}
}
