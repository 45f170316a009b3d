package rules

import (
	"strings"
	"testing"
)

// When the awaited call runs on the guarded value (`g.send(..).await`,
// `m.lock().unwrap().send(..).await`), the help does not say to drop or scope the guard
// first, which cannot compile, and no drop fix is offered; an await on something else keeps
// the usual help and its fix.
func TestLockAcrossAwaitHelpOnGuard(t *testing.T) {
	src := []byte(`use std::sync::Mutex;
pub struct Conn;
impl Conn { pub async fn send(&mut self, _b: u8) {} }
async fn other() {}
pub async fn temp(c: &Mutex<Conn>) {
    c.lock().unwrap().send(1).await;
}
pub async fn bound(c: &Mutex<Conn>) {
    let mut g = c.lock().unwrap();
    g.send(1).await;
}
pub async fn field(c: &Mutex<(Conn, u8)>) {
    let mut g = c.lock().unwrap();
    g.0.send(1).await;
}
pub async fn elsewhere(c: &Mutex<Conn>) {
    let g = c.lock().unwrap();
    other().await;
}
`)
	fs, _ := analyzeSources(t, LockAcrossAwait, "/crate", map[string][]byte{"/crate/src/lib.rs": src})
	byLine := map[int]string{}
	fixes := map[int]int{} // fixes that drop the guard
	for _, f := range fs {
		byLine[f.Span.Start.Line] = f.Help
		for _, fx := range f.Fixes {
			if strings.HasPrefix(fx.Description, "Drop `") {
				fixes[f.Span.Start.Line]++
			}
		}
	}
	for _, line := range []int{6, 9, 13} {
		h, ok := byLine[line]
		if !ok || !strings.Contains(h, "runs on the locked value itself, so the guard cannot be dropped before it") || fixes[line] != 0 {
			t.Errorf("line %d: want the on-guard help and no fix, got %q (%d fixes, found %v)", line, h, fixes[line], ok)
		}
	}
	if h := byLine[17]; !strings.Contains(h, "scope the guard in a block") || fixes[17] != 1 {
		t.Errorf("line 17: want the usual help and the drop fix, got %q (%d fixes)", h, fixes[17])
	}
}

// A reference bound into a temporary borrow (`let ch = &mut *cell.borrow_mut();`) is the
// borrowed value too: an await on it cannot come after the borrow ends, so the help says
// so instead of "end the borrow before the `.await`"; an await on something else keeps the
// usual help.
func TestLockAcrossAwaitHelpOnBorrowedRef(t *testing.T) {
	src := []byte(`use std::cell::RefCell;
pub struct Chan;
impl Chan { pub async fn receive(&mut self) -> u8 { 0 } }
async fn other() {}
pub async fn on_ref(c: &RefCell<Chan>) -> u8 {
    let ch = &mut *c.borrow_mut();
    ch.receive().await
}
pub async fn elsewhere(c: &RefCell<Chan>) {
    let ch = &mut *c.borrow_mut();
    other().await;
    drop(ch);
}
`)
	fs, _ := analyzeSources(t, LockAcrossAwait, "/crate", map[string][]byte{"/crate/src/lib.rs": src})
	byLine := map[int]string{}
	for _, f := range fs {
		byLine[f.Span.Start.Line] = f.Help
	}
	if h, ok := byLine[6]; !ok || !strings.Contains(h, "`ch.receive()` runs on the borrowed value itself") {
		t.Errorf("line 6: want the on-borrow help, got %q (found %v)", h, ok)
	}
	if h, ok := byLine[10]; !ok || !strings.Contains(h, "end the borrow before the `.await`") {
		t.Errorf("line 10: want the usual help, got %q (found %v)", h, ok)
	}
}
