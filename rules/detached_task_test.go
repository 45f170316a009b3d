package rules

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDetachedTaskSpinMessages checks that exactly the fixture lines marked "(spins)" get
// the busy-loop message, and the other forever loops the plain one.
func TestDetachedTaskSpinMessages(t *testing.T) {
	for _, name := range []string{"spin.rs", "spin_held_sender.rs"} {
		path := filepath.Join("..", "testdata", "rules", DetachedTask.ID, name)
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(src), "\n")
		seen := 0
		for _, f := range runFixture(t, DetachedTask, path, []string{path}) {
			line := lines[f.Span.Start.Line-1]
			want := strings.Contains(line, "(spins")
			got := strings.Contains(f.Message, "spins once") || strings.Contains(f.Message, "never waits")
			if want != got {
				t.Errorf("%s:%d: spin message %v, want %v: %s", name, f.Span.Start.Line, got, want, f.Message)
			}
			if got {
				seen++
			}
		}
		if seen == 0 {
			t.Errorf("%s: no spin message at all", name)
		}
	}
}

// TestDetachedTaskFieldNames checks that a stored handle's finding names the spawned fn as
// written (`ping_loop`), not by the key the crate's facts use for it.
func TestDetachedTaskFieldNames(t *testing.T) {
	dir := filepath.Join("..", "testdata", "rules", DetachedTask.ID, "crate_fields")
	named := 0
	for _, f := range runFixture(t, DetachedTask, dir, fixtureFiles(dir)) {
		if !strings.Contains(f.Message, "is kept in") {
			continue
		}
		if strings.Contains(f.Message, "@") {
			t.Errorf("%s:%d: message shows a fact key: %s", f.Path, f.Span.Start.Line, f.Message)
		}
		if strings.Contains(f.Message, " runs `") {
			named++
		}
	}
	if named == 0 {
		t.Error("no stored-handle finding names the fn its task runs")
	}
}

// A task that moves in a clone of the handle its receiver came from keeps the sending side
// alive: its loop never sees the channel closed, so it loops forever but does not spin. The
// twin without the clone spins once the handle's last sender is gone.
func TestDetachedTaskHoldsReceiverSource(t *testing.T) {
	src := []byte(`use tokio::sync::broadcast;
pub struct Service { events: broadcast::Sender<u32> }
impl Service {
    pub fn subscribe(&self) -> broadcast::Receiver<u32> { self.events.subscribe() }
    pub fn query(&self, _id: u32) {}
}
pub struct Api { svc: Service }
impl Api {
    pub fn watch(&self) {
        let svc = self.svc.clone();
        let mut events = self.svc.subscribe();
        tokio::spawn(async move {
            loop {
                match events.recv().await {
                    Ok(id) => svc.query(id),
                    Err(_) => {}
                }
            }
        });
    }
    pub fn watch_loose(&self) {
        let mut events = self.svc.subscribe();
        tokio::spawn(async move {
            loop {
                match events.recv().await {
                    Ok(id) => println!("{id}"),
                    Err(_) => {}
                }
            }
        });
    }
}
`)
	fs, _ := analyzeSources(t, DetachedTask, "/crate", map[string][]byte{"/crate/src/lib.rs": src})
	msgs := map[int]string{}
	for _, f := range fs {
		msgs[f.Span.Start.Line] = f.Message
	}
	if m := msgs[12]; m == "" || strings.Contains(m, "spins") {
		t.Errorf("line 12: want a forever-loop finding that does not say it spins, got %q", m)
	}
	if m := msgs[23]; !strings.Contains(m, "spins") {
		t.Errorf("line 23: want the spin, got %q", m)
	}
}

func TestDtReturnsSelf(t *testing.T) {
	for rt, want := range map[string]bool{
		"Self": true, "Result<Self, Error>": true, "Arc<Self>": true, "io::Result<Self>": true,
		"Result<Response<Self::EventsStream>, Status>": false, "Self::Output": false,
		"SelfTest": false, "MySelf": false, "(Self::Handle, Self)": true,
	} {
		if got := dtReturnsSelf(rt, ""); got != want {
			t.Errorf("dtReturnsSelf(%q) = %v, want %v", rt, got, want)
		}
	}
	for rt, want := range map[string]bool{
		"Result<Session, String>": true, "Session": true, "Arc<Session>": true, "SessionId": false,
		"Session::Handle": false, "&'static Session": false, "Result<(), String>": false,
	} {
		if got := dtReturnsSelf(rt, "Session"); got != want {
			t.Errorf("dtReturnsSelf(%q, Session) = %v, want %v", rt, got, want)
		}
	}
}

// TestDetachedTaskAcceptLoopWords checks that a loop whose only ways out are accept errors is
// described as such, in the related location of an inline loop and in the note on a named
// fn's loop: "has no `break`, `return` or `?`" would be false there.
func TestDetachedTaskAcceptLoopWords(t *testing.T) {
	path := filepath.Join("..", "testdata", "rules", DetachedTask.ID, "accept_loops.rs")
	said := 0
	for _, f := range runFixture(t, DetachedTask, path, []string{path}) {
		text := strings.Join(f.Notes, "\n")
		for _, r := range f.Related {
			text += "\n" + r.Message
		}
		if strings.Contains(text, "has no `break`") {
			t.Errorf("%d: an accept loop called exitless: %s", f.Span.Start.Line, text)
		}
		if strings.Contains(text, "only when its listener's `accept()` fails") {
			said++
		}
	}
	if said < 3 {
		t.Errorf("%d findings say the loop is left only on accept errors, want 3", said)
	}
}

// TestDetachedTaskPerItemNote checks that a forever task spawned in a loop over a fixed
// collection says so in its note (one task per element), and that a loop over a channel's
// messages keeps the warning.
func TestDetachedTaskPerItemNote(t *testing.T) {
	dir := filepath.Join("..", "testdata", "rules", DetachedTask.ID, "lifelong")
	var files []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".rs") {
			files = append(files, p)
		}
		return nil
	})
	per := filepath.Join(dir, "src", "per_item.rs")
	notes := map[int]string{}
	for _, f := range runFixture(t, DetachedTask, dir, files) {
		if f.Path == per {
			notes[f.Span.Start.Line] = f.Level.String() + " " + strings.Join(f.Notes, "\n")
		}
	}
	if n := notes[23]; !strings.HasPrefix(n, "note") || !strings.Contains(n, "once per element of `self.udp`") {
		t.Errorf("line 23: want a note that names the collection, got %q", n)
	}
	if n := notes[50]; !strings.HasPrefix(n, "warning") {
		t.Errorf("line 50: a spawn per message received should stay a warning, got %q", n)
	}
}
