package knowledge

// CancelSafety says what dropping a future before it completes costs.
type CancelSafety int

// The values of CancelSafety.
const (
	CancelSafe   CancelSafety = iota // nothing: the operation had no effect yet, or its progress is kept
	CancelUnsafe                     // data or progress is lost
	CancelQueue                      // only a place in a fair queue of waiters is lost
)

// CancelArgs narrows an entry to the argument shapes of the method it describes, to tell
// apart methods that share a name.
type CancelArgs int

// The values of CancelArgs.
const (
	ArgsAny  CancelArgs = iota
	ArgsNone            // `lock.read()`: RwLock::read, not AsyncReadExt::read(&mut buf)
	ArgsSome            // `stream.read(&mut buf)`
	// ArgMoved: exactly one argument, a value moved into the future (`tx.send(msg)`);
	// not a borrowed buffer (`socket.send(&buf)`, a datagram socket, cancel safe), a clone
	// (`tx.send(msg.clone())`, the caller keeps the original) or a constant (`tx.send(())`,
	// `tx.send(Cmd::Stop)`), which the next iteration re-creates.
	ArgMoved
)

// CancelEntry is one row of the cancellation-safety table.
type CancelEntry struct {
	Names  []string   // method names, or function paths (with `::`) matched by PathIs
	Args   CancelArgs // argument shapes the row applies to
	Of     string     // receiver hint: the trait or type the method belongs to (`AsyncReadExt`), named in messages as `AsyncReadExt::read_exact`
	Safety CancelSafety
	Lost   string // what is lost when another branch wins (unsafe and queue rows)
	// InStream: what is lost is a position in the receiver's byte stream. When the stream
	// was made in the same iteration (`let (mut sock, _) = listener.accept().await?;`), it
	// is dropped at the end of that iteration too, and nothing picks the operation up again.
	InStream bool
	Fix      string // a cancel-safe way to do the same (unsafe and queue rows)
	// Recv names the receiver types the row is about (`RwLock`): a receiver whose type is
	// known to be something else (a crate's reader with its own `read()`, a websocket
	// stream) is not what the row describes.
	Recv []string
	// Source is the documentation that states the row's cancel safety (empty in the rows
	// that configuration adds).
	Source string
}

// NumberMethods returns prefix+u16, prefix+i16, ... and the `_le` forms: the
// fixed-size readers and writers of AsyncReadExt / AsyncWriteExt that take several bytes,
// so that one can be cut off half way. The one-byte ones (`read_u8`, `write_i8`) make a
// single read or write call and keep no progress: tokio documents `read_u8` and `read_i8`
// as cancel safe.
func NumberMethods(prefix string) []string {
	var out []string
	for _, ty := range []string{"u16", "i16", "u32", "i32", "u64", "i64", "u128", "i128", "f32", "f64"} {
		out = append(out, prefix+ty, prefix+ty+"_le")
	}
	return out
}

// CancelSafetyTable is what rustaudit knows about the cancellation safety of common async
// operations, from the `# Cancel safety` sections of tokio's and futures' documentation and
// the list in `tokio::select!`'s. The first row that matches a call (by name and argument
// shape) decides; configuration adds rows in front of it (see cancelTableFor in package rules).
var CancelSafetyTable = []CancelEntry{
	// Readers that keep what they read in the caller's buffer, or read nothing until they
	// complete.
	{Names: []string{"read", "read_buf", "read_until", "fill_buf", "peek", "read_vectored"}, Args: ArgsSome, Of: "AsyncReadExt / AsyncBufReadExt", Source: "tokio docs: AsyncReadExt::read, read_buf; AsyncBufReadExt::fill_buf, read_until", Safety: CancelSafe},
	{Names: []string{"read_u8", "read_i8"}, Args: ArgsNone, Of: "AsyncReadExt", Source: "tokio docs: AsyncReadExt::read_u8, read_i8", Safety: CancelSafe},
	{Names: []string{"write_u8", "write_i8"}, Args: ArgsSome, Of: "AsyncWriteExt", Source: "tokio docs: AsyncWriteExt::write_u8, write_i8", Safety: CancelSafe},
	{Names: []string{"next_line", "next_segment", "next_entry"}, Of: "tokio::io::Lines / Split, ReadDir", Source: "tokio docs: Lines::next_line, Split::next_segment, ReadDir::next_entry", Safety: CancelSafe},
	{Names: []string{"write", "write_buf", "write_vectored", "write_all_buf"}, Args: ArgsSome, Of: "AsyncWriteExt", Source: "tokio docs: AsyncWriteExt::write, write_buf, write_vectored, write_all_buf", Safety: CancelSafe},
	{Names: []string{"flush"}, Args: ArgsNone, Of: "AsyncWriteExt::flush", Source: "tokio docs: AsyncWriteExt::flush", Safety: CancelSafe},
	{Names: []string{"recv", "recv_many", "changed", "accept", "next", "try_next", "select_next_some", "tick", "join_next", "recv_from", "send_to", "readable", "writable", "ready", "cancelled", "closed"}, Of: "channel receivers, listeners, streams, sockets, intervals", Source: "tokio docs: tokio::select! (# Cancellation safety)", Safety: CancelSafe},
	// `reserve` loses only its place in the channel's queue, like `lock`, but it is what
	// tokio recommends for sending from a `select!` loop: flagging it would flag the fix.
	{Names: []string{"reserve", "reserve_many", "reserve_owned"}, Of: "mpsc::Sender::reserve", Source: "tokio docs: mpsc::Sender::reserve", Safety: CancelSafe},

	// Readers and writers that keep their progress inside the future.
	{Names: []string{"read_exact"}, Args: ArgsSome, Of: "AsyncReadExt", Source: "tokio docs: AsyncReadExt::read_exact", Safety: CancelUnsafe, InStream: true,
		Lost: "the bytes it already read into the buffer are lost, and the next call starts over",
		Fix:  "read into a buffer that survives the loop with `read_buf` and take a frame out once it is complete, or use a framed reader (`FramedRead` + `next()`)"},
	{Names: []string{"read_to_end", "read_to_string"}, Args: ArgsSome, Of: "AsyncReadExt", Source: "tokio docs: AsyncReadExt::read_to_end, read_to_string", Safety: CancelUnsafe, InStream: true,
		Lost: "the data it already read may be lost",
		Fix:  "read with `read_buf` into a buffer that survives the loop until `read_buf` returns 0"},
	{Names: NumberMethods("read_"), Args: ArgsNone, Of: "AsyncReadExt", Source: "tokio docs: AsyncReadExt::read_u16 .. read_f64_le", Safety: CancelUnsafe, InStream: true,
		Lost: "the bytes of the number it already read are lost",
		Fix:  "read into a buffer that survives the loop with `read_buf` and decode the number once enough bytes are there"},
	{Names: []string{"read_line"}, Args: ArgsSome, Of: "AsyncBufReadExt", Source: "tokio docs: AsyncBufReadExt::read_line", Safety: CancelUnsafe, InStream: true,
		Lost: "the part of the line it already read is lost",
		Fix:  "use `read_until(b'\\n', &mut buf)`, which keeps partial data in `buf`, or `lines()` and `next_line()`"},
	{Names: []string{"write_all"}, Args: ArgsSome, Of: "AsyncWriteExt", Source: "tokio docs: AsyncWriteExt::write_all", Safety: CancelUnsafe, InStream: true,
		Lost: "part of the buffer may already be written, and the next `write_all` writes it again from the start",
		Fix:  "use `write_all_buf(&mut buf)`, which advances the buffer past what it wrote"},
	{Names: NumberMethods("write_"), Args: ArgsSome, Of: "AsyncWriteExt", Source: "tokio docs: AsyncWriteExt::write_u16 .. write_f64_le", Safety: CancelUnsafe, InStream: true,
		Lost: "part of the number may already be written, and the next call writes it again from the start",
		Fix:  "put the bytes in a buffer that survives the loop and write it with `write_all_buf`"},
	{Names: []string{"tokio::io::copy", "tokio::io::copy_bidirectional", "futures::io::copy", "async_std::io::copy"}, Of: "io::copy", Source: "tokio docs: tokio::io::copy, copy_bidirectional", Safety: CancelUnsafe,
		Lost: "the bytes it read into its own buffer but did not write yet are lost",
		Fix:  "run the copy in a task of its own (`tokio::spawn`) or create it once before the loop"},

	// Senders that own the message.
	{Names: []string{"send"}, Args: ArgMoved, Of: "mpsc::Sender::send / SinkExt::send", Source: "tokio docs: mpsc::Sender::send; futures docs: SinkExt::send", Safety: CancelUnsafe,
		Lost: "the message is dropped and lost",
		Fix:  "wait for capacity in the `select!` with `tx.reserve()` and send with `permit.send(msg)`, which cannot fail or wait (for a `Sink`: `poll_ready` then `start_send`)"},
	{Names: []string{"feed", "send_all"}, Args: ArgsSome, Of: "SinkExt", Source: "futures docs: SinkExt::feed, send_all", Safety: CancelUnsafe,
		Lost: "the item it holds is dropped and lost",
		Fix:  "wait for capacity with `poll_ready` in the `select!`, then `start_send` the item"},

	// Fair queues of waiters.
	{Names: []string{"lock", "lock_owned"}, Args: ArgsNone, Of: "Mutex", Source: "tokio docs: Mutex::lock", Safety: CancelQueue, Recv: []string{"Mutex"},
		Lost: "it loses its place in the lock's queue of waiters and queues again at the back on the next iteration",
		Fix:  "take the lock before the `select!` when the other branches need not race it"},
	{Names: []string{"read", "write", "read_owned", "write_owned"}, Args: ArgsNone, Of: "RwLock", Source: "tokio docs: RwLock::read, RwLock::write", Safety: CancelQueue, Recv: []string{"RwLock"},
		Lost: "it loses its place in the lock's queue of waiters and queues again at the back on the next iteration",
		Fix:  "take the lock before the `select!` when the other branches need not race it"},
	{Names: []string{"acquire", "acquire_owned", "acquire_many", "acquire_many_owned"}, Of: "Semaphore", Source: "tokio docs: Semaphore::acquire", Safety: CancelQueue, Recv: []string{"Semaphore"},
		Lost: "it loses its place in the semaphore's queue of waiters and queues again at the back on the next iteration",
		Fix:  "acquire the permit before the `select!` when the other branches need not race it"},
}

// Timeouts wrap a future with a deadline; the wrapped future is what a cancelled
// branch loses.
var Timeouts = []string{
	"tokio::time::timeout", "tokio::time::timeout_at", "async_std::future::timeout",
	"async_std::io::timeout", "actix_rt::time::timeout", "monoio::time::timeout",
	"embassy_time::with_timeout", "embassy_time::with_deadline",
}
