// Boxed stream fields whose values are the results of methods: what the method returns
// decides. `Hub::events` (another file) makes a broadcast channel's stream, which returns
// `None` again when polled after its end: quiet. `Hub::replay` makes an `unfold`, which
// panics then: reported. `remote::Client::updates` is another package's method, whose body
// is not seen here: a note.
pub mod hub;
pub mod sync;
