package rules

import (
	"regexp"
	"strings"
	"testing"

	"github.com/rustaudit/rustaudit/parser"
)

// typeProbes parses files as one crate and checks every `probe(expr)` call whose line ends
// with `// type: T` (T as Type.String renders it), first against the file's facts and then,
// for pending types, against the crate's.
func typeProbes(t *testing.T, files map[string]string) {
	t.Helper()
	p := parser.NewParser()
	defer p.Close()
	trees := map[string]*parser.Tree{}
	var all []*fileTypes
	for path, src := range files {
		tree, err := p.Parse(path, []byte(src))
		if err != nil || len(tree.ErrorRows) > 0 {
			t.Fatalf("%s: parse: %v %v", path, err, tree.ErrorRows)
		}
		trees[path] = tree
		all = append(all, collectFileTypes(tree, path, "2021"))
	}
	want := regexp.MustCompile(`// type: (.*)$`)
	probes := 0
	for path, tree := range trees {
		var ft *fileTypes
		for _, f := range all {
			if f.Path == path {
				ft = f
			}
		}
		lines := strings.Split(files[path], "\n")
		tree.Walk(tree.Root(), func(d parser.NodeID) bool {
			if !tree.Is(d, parser.KCallExpression) || CalleePath(tree, d) != "probe" {
				return true
			}
			row := int(tree.Nodes[d].StartRow)
			m := want.FindStringSubmatch(lines[row])
			if m == nil {
				t.Errorf("%s:%d: probe without `// type:`", path, row+1)
				return true
			}
			probes++
			r := &typeResolver{env: fileEnv{ft}}
			ty := r.Norm(typeOf(tree, r, Args(tree, d)[0], 0))
			if ty.Pending() {
				ty = (&typeResolver{env: crateEnv{files: all, own: ft}}).Norm(ty)
			}
			if got := ty.String(); got != m[1] {
				t.Errorf("%s:%d: TypeOf(%s) = %s, want %s", path, row+1, tree.Text(Args(tree, d)[0]), got, m[1])
			}
			return true
		})
	}
	if probes == 0 {
		t.Fatal("no probes")
	}
}

func TestTypeOfOneFile(t *testing.T) {
	typeProbes(t, map[string]string{"lib.rs": `
use std::sync::{Arc, Mutex};
use std::collections::HashMap;
use parking_lot::RwLock as PlRwLock;
use tokio::sync;

struct PacketReader { buf: Vec<u8> }
impl PacketReader {
    fn read(&self) -> Packet { Packet }
    fn new() -> Self { PacketReader { buf: Vec::new() } }
}
struct Packet;
struct State { map: Mutex<HashMap<u64, String>>, lock: PlRwLock<u8>, reader: PacketReader, shared: Arc<Inner> }
struct Inner { m: sync::Mutex<u8> }
struct Pair(Arc<Mutex<u8>>, u8);
type Shared = Arc<Mutex<State>>;
static GLOBAL: Mutex<u8> = Mutex::new(0);

fn make() -> Shared { todo!() }
async fn fetch() -> Result<PacketReader, std::io::Error> { todo!() }

impl State {
    fn guard(&self) -> std::sync::MutexGuard<'_, HashMap<u64, String>> { self.map.lock().unwrap() }

    async fn run<T: Clone>(&self, x: &T, r: &mut PacketReader, arc: Arc<std::sync::RwLock<u8>>, pair: Pair) {
        probe(self); // type: State
        probe(self.map); // type: std::sync::Mutex<std::collections::HashMap<u64, std::string::String>>
        probe(self.map.lock()); // type: std::sync::LockResult<std::sync::MutexGuard<std::collections::HashMap<u64, std::string::String>>>
        probe(self.map.lock().unwrap()); // type: std::sync::MutexGuard<std::collections::HashMap<u64, std::string::String>>
        probe(self.lock); // type: parking_lot::RwLock<u8>
        probe(self.lock.read()); // type: parking_lot::RwLockReadGuard<u8>
        probe(self.reader); // type: PacketReader
        probe(self.reader.read()); // type: Packet
        probe(self.shared.m); // type: tokio::sync::Mutex<u8>
        probe(self.shared.m.lock()); // type: impl Future<tokio::sync::MutexGuard<u8>>
        probe(self.shared.m.lock().await); // type: tokio::sync::MutexGuard<u8>
        probe(self.guard()); // type: std::sync::MutexGuard<std::collections::HashMap<u64, std::string::String>>
        probe(x); // type: _
        probe(r); // type: PacketReader
        probe(arc); // type: std::sync::Arc<std::sync::RwLock<u8>>
        probe(arc.read()); // type: std::sync::LockResult<std::sync::RwLockReadGuard<u8>>
        probe(pair.0); // type: std::sync::Arc<std::sync::Mutex<u8>>
        let a = Arc::new(Mutex::new(5u8));
        probe(a); // type: std::sync::Arc<std::sync::Mutex<_>>
        let b = a.clone();
        probe(b); // type: std::sync::Arc<std::sync::Mutex<_>>
        let c = Arc::clone(&a);
        probe(c); // type: std::sync::Arc<std::sync::Mutex<_>>
        let d: Shared = make();
        probe(d); // type: std::sync::Arc<std::sync::Mutex<State>>
        probe(d.lock().unwrap().reader); // type: PacketReader
        let e = make();
        probe(e); // type: std::sync::Arc<std::sync::Mutex<State>>
        let f = PacketReader::new();
        probe(f); // type: PacketReader
        let g = State { map: Mutex::new(HashMap::new()), lock: PlRwLock::new(0), reader: PacketReader::new(), shared: todo!() };
        probe(g); // type: State
        let h = fetch().await?;
        probe(h); // type: PacketReader
        let i = match fetch().await { Ok(v) => v, Err(_) => return };
        probe(i); // type: PacketReader
        if let Ok(j) = fetch().await {
            probe(j); // type: PacketReader
        }
        probe(GLOBAL); // type: std::sync::Mutex<u8>
        probe(*arc); // type: std::sync::RwLock<u8>
        let k = HashMap::<u64, String>::new();
        probe(k); // type: std::collections::HashMap<u64, std::string::String>
        let out = std::io::stdout();
        probe(out.lock()); // type: std::io::StdoutLock
        let m = std::cell::RefCell::new(1u8);
        probe(m.borrow_mut()); // type: std::cell::RefMut<_>
        let cl = |y: Arc<Mutex<u8>>| probe(y); // type: std::sync::Arc<std::sync::Mutex<u8>>
    }
}
`})
}

// A crate of several files: the struct, the alias and the methods live in other files.
func TestTypeOfCrate(t *testing.T) {
	typeProbes(t, map[string]string{
		"lib.rs": `
mod net;
mod state;
use crate::net::PacketReader;
use state::{Shared, Store};
use super::*;

async fn run(r: PacketReader, s: Shared, store: &Store, g: Glob) {
    probe(r); // type: crate::net::PacketReader
    probe(r.read()); // type: Packet
    probe(s); // type: std::sync::Arc<std::sync::Mutex<crate::net::PacketReader>>
    probe(s.lock().unwrap().read()); // type: Packet
    probe(store.index); // type: std::sync::RwLock<std::vec::Vec<u64>>
    probe(store.index.read()); // type: std::sync::LockResult<std::sync::RwLockReadGuard<std::vec::Vec<u64>>>
    probe(store.reader()); // type: crate::net::PacketReader
    probe(store.wrapped.read()); // type: std::sync::LockResult<std::sync::RwLockReadGuard<u8>>
    probe(g); // type: _
    probe(state::open()); // type: Store
    probe(open_store().await); // type: Store
    probe(GLOBAL_READER); // type: PacketReader
}
`,
		"net.rs": `
pub struct PacketReader { buf: Vec<u8> }
pub struct Packet;
impl PacketReader {
    pub fn read(&self) -> Packet { Packet }
}
pub static GLOBAL_READER: PacketReader = PacketReader { buf: Vec::new() };
`,
		"state.rs": `
use std::sync::{Arc, Mutex, RwLock};
use crate::net::PacketReader;
pub type Shared = Arc<Mutex<PacketReader>>;
pub struct Store { pub index: RwLock<Vec<u64>>, pub wrapped: Wrapper }
pub struct Wrapper(RwLock<u8>);
impl std::ops::Deref for Wrapper { type Target = RwLock<u8>; fn deref(&self) -> &RwLock<u8> { &self.0 } }
impl Store { pub fn reader(&self) -> PacketReader { todo!() } }
pub fn open() -> Store { todo!() }
pub async fn open_store() -> Store { todo!() }
`,
	})
}

// A crate's generic alias (`type Result<T> = ..`) keeps its arguments, a tuple type its
// elements, and a `let` that destructures a tuple types each name by its place.
func TestTypeOfAliasesAndTuples(t *testing.T) {
	typeProbes(t, map[string]string{
		"lib.rs": `
mod wire;
use wire::{Frame, Outcome};
pub type Result<T, E = Error> = std::result::Result<T, E>;
pub type Pair<A> = (A, Frame);
pub struct Error;
pub struct Conn<S> { io: S }
impl<S> Conn<S> where S: Send {
    pub async fn open(io: S) -> Result<Self> { todo!() }
    pub async fn next(&mut self) -> Result<Frame> { todo!() }
    pub fn split(self) -> Pair<u32> { todo!() }
}
pub async fn parse(b: &[u8]) -> std::result::Result<(u8, (Frame, Outcome), &[u8]), Error> { todo!() }
async fn run<S: Send>(io: S) -> Result<()> {
    let mut c = Conn::open(io).await?;
    probe(c); // type: Conn<_>
    let f = c.next().await?;
    probe(f); // type: wire::Frame
    let (n, (frame, mut out), rest) = parse(&[]).await?;
    probe(n); // type: u8
    probe(frame); // type: wire::Frame
    probe(out); // type: wire::Outcome
    probe(frame.answer().await?); // type: Outcome
    let (first, .., last) = parse(&[]).await?;
    probe(last); // type: _
    let pair = c.split();
    probe(pair.0); // type: u32
    probe(pair.1); // type: wire::Frame
    Ok(())
}
`,
		"wire.rs": `
pub struct Frame;
pub enum Outcome { Done }
impl Frame { pub async fn answer(self) -> crate::Result<Outcome> { todo!() } }
`,
	})
}
