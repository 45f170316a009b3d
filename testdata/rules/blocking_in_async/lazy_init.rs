// File I/O in a constructor that is only called to fill a value made once and kept: a lazy
// start (`if slot.is_none() { *slot = Some(..) }`, `get_or_try_init`). It runs again only
// when the value is gone: a note that says so. The twin makes a new value on every call.
use tokio::sync::{Mutex, OnceCell};

pub struct Runner {
    script: String,
}

impl Runner {
    async fn start(dir: &str) -> Runner {
        std::fs::write(format!("{dir}/runner.js"), b"// generated").unwrap(); // want: blocking_in_async@note
        Runner { script: format!("{dir}/runner.js") }
    }
}

pub struct Executor {
    inner: Mutex<Option<Runner>>,
    dir: String,
}

impl Executor {
    pub async fn invoke(&self, request: &str) -> usize {
        let mut inner = self.inner.lock().await;
        if inner.is_none() {
            *inner = Some(Runner::start(&self.dir).await);
        }
        inner.as_ref().map(|r| r.script.len() + request.len()).unwrap_or(0)
    }
}

pub struct Catalog {
    text: String,
}

async fn load_catalog(path: &str) -> Catalog {
    Catalog { text: std::fs::read_to_string(path).unwrap_or_default() } // want: blocking_in_async@note
}

pub struct Service {
    catalog: OnceCell<Catalog>,
}

impl Service {
    pub async fn lookup(&self, key: &str) -> bool {
        let catalog = self.catalog.get_or_init(|| load_catalog("catalog.txt")).await;
        catalog.text.contains(key)
    }
}

// The twin: a fresh value per request, filled with the file's bytes.
pub struct Scratch {
    path: String,
    data: Vec<u8>,
}

impl Scratch {
    async fn create(dir: &str) -> Scratch {
        let data = std::fs::read(format!("{dir}/scratch")).unwrap(); // want: blocking_in_async@warning
        Scratch { path: format!("{dir}/scratch"), data }
    }
}

pub async fn handle(dir: &str) -> usize {
    let scratch = Scratch::create(dir).await;
    scratch.path.len()
}

pub async fn serve(mut requests: tokio::sync::mpsc::Receiver<String>) {
    while let Some(dir) = requests.recv().await {
        handle(&dir).await; // once per request
    }
}

// A method call fills the value too: a token cache calls the credential's fetch only when
// the cached token is missing or expired.
pub struct CliCredential;

impl CliCredential {
    async fn fetch_token(&self) -> String {
        let out = std::process::Command::new("az").arg("token").output(); // want: blocking_in_async@note
        out.map(|o| String::from_utf8_lossy(&o.stdout).into_owned()).unwrap_or_default()
    }
}

pub struct TokenCache {
    slot: OnceCell<String>,
    cred: CliCredential,
}

impl TokenCache {
    pub async fn token(&self) -> &String {
        self.slot.get_or_init(|| self.cred.fetch_token()).await
    }
}

// Every request asks the cache, and the cache runs the command only to fill it.
pub async fn call_all(cache: &TokenCache, urls: &[String]) -> usize {
    let mut n = 0;
    for u in urls {
        n += cache.token().await.len() + u.len();
    }
    n
}

// The twin: the same fetch also runs directly for every request of a loop.
pub struct FileCredential;

impl FileCredential {
    async fn read_token(&self) -> String {
        std::fs::read_to_string("token").unwrap_or_default() // want: blocking_in_async@warning
    }
}

pub struct FileCache {
    slot: OnceCell<String>,
    cred: FileCredential,
}

impl FileCache {
    pub async fn token(&self) -> &String {
        self.slot.get_or_init(|| self.cred.read_token()).await
    }

    pub async fn each(&self, mut requests: tokio::sync::mpsc::Receiver<()>) -> usize {
        let mut total = 0;
        while requests.recv().await.is_some() {
            total += self.cred.read_token().await.len();
        }
        total
    }
}
