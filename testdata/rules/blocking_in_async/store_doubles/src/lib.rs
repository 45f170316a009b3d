// A test double kept in the library's source, public for the tests of other crates: a module
// named for what it stands in for (`mock_store`, `clock_fake`) is test support. Its twin, the
// real store, is production code.
pub mod clock_fake;
pub mod mock_store;
pub mod store;
