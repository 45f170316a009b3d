use crate::Retry;

impl<F> Unpin for Retry<F> {} // want: unchecked_pin_projection

mod stream {
    pub struct Map<S> {
        pub inner: S,
    }
}

// Two types are called `Map` in this crate: the rule cannot tell which one this is.
impl<F> Unpin for crate::Map<F> {}
