// A generic struct's field whose type is a parameter takes the type the value's type
// arguments give it, also through an alias that an impl is written on.
use std::sync::Arc;

pub struct Session;

impl Session {
    pub async fn execute(&self) -> u32 {
        1
    }
}

pub struct HttpClient<Client> {
    client: Client,
}

pub type BlockingHttpClient = HttpClient<Arc<parking_lot::Mutex<Session>>>;
pub type AsyncHttpClient = HttpClient<Arc<tokio::sync::Mutex<Session>>>;

impl BlockingHttpClient {
    pub async fn run(&self) -> u32 {
        self.client.lock().execute().await // want: lock_across_await
    }

    pub async fn run_bound(&self) -> u32 {
        let session = self.client.lock(); // want: lock_across_await
        session.execute().await
    }
}

pub async fn written_out(c: &HttpClient<Arc<std::sync::Mutex<Session>>>) -> u32 {
    c.client.lock().unwrap().execute().await // want: lock_across_await
}

// Quiet: tokio's Mutex is meant to be held across an await.
impl AsyncHttpClient {
    pub async fn run(&self) -> u32 {
        self.client.lock().await.execute().await
    }
}

// Quiet: a parameter nothing fills in is of no known type.
impl<C: Locker> HttpClient<C> {
    pub async fn run_any(&self) -> u32 {
        let _n = self.client.lock();
        tokio::task::yield_now().await;
        0
    }
}

pub trait Locker {
    fn lock(&self) -> u32;
}
