// Opening a std File is one metadata system call; the blocking cost is in the reads and
// writes on the handle. An async fn that only opens or creates a file (drops the handle,
// stores it, hands it back) gets a note; one that reads the handle it opened and hands the
// bytes back keeps the warning at the open (per item: sync_objects calls them in a loop).
// Writes per item (put_object, log_line, create_many) hand no data back: notes. These are a library's pub
// async fns, which run on their callers' executors.
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub struct Upload {
    path: PathBuf,
    file: File,
}

pub struct Journal {
    out: Option<Arc<Mutex<File>>>,
}

pub async fn touch(path: &Path) -> std::io::Result<()> {
    File::create(path)?; // want: blocking_in_async@note
    Ok(())
}

pub async fn start_upload(path: PathBuf) -> std::io::Result<Upload> {
    let file = OpenOptions::new().create(true).append(true).open(&path)?; // want: blocking_in_async@note
    Ok(Upload { path, file })
}

pub async fn reopen(path: &Path) -> std::io::Result<File> {
    let f = File::open(path).map_err(|e| std::io::Error::new(e.kind(), "reopen"))?; // want: blocking_in_async@note
    Ok(f)
}

impl Journal {
    pub async fn attach(&mut self, path: &Path) -> std::io::Result<()> {
        let out = File::create(path)?; // want: blocking_in_async@note
        self.out = Some(Arc::new(Mutex::new(out)));
        Ok(())
    }
}

// Harmful twins: the body moves data through the handle it opened.
pub async fn read_object(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut f = File::open(path)?; // want: blocking_in_async@warning
    let mut buf = Vec::new();
    f.read_to_end(&mut buf)?;
    Ok(buf)
}

pub async fn put_object(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    File::create(path)?.write_all(bytes)?; // want: blocking_in_async@note
    Ok(())
}

pub async fn load_json(path: &Path) -> std::io::Result<Vec<String>> {
    let f = File::open(path)?; // want: blocking_in_async@warning
    let reader = std::io::BufReader::new(f);
    Ok(std::io::BufRead::lines(reader).map_while(Result::ok).collect())
}

pub async fn log_line(path: &Path, line: &str) -> std::io::Result<()> {
    let mut f = OpenOptions::new().append(true).open(path)?; // want: blocking_in_async@note
    writeln!(f, "{line}")?;
    Ok(())
}

pub async fn create_many(dir: &Path, n: usize) -> std::io::Result<()> {
    for i in 0..n {
        File::create(dir.join(i.to_string()))?; // want: blocking_in_async@note
    }
    Ok(())
}

pub async fn ensure_database(path: &Path) {
    File::create(path).unwrap_or_else(|e| panic!("cannot create {}: {e}", path.display())); // want: blocking_in_async@note
}

// The twins above run per item: a caller syncs every object it is sent.
pub async fn sync_objects(mut paths: tokio::sync::mpsc::Receiver<std::path::PathBuf>) -> std::io::Result<()> {
    while let Some(p) = paths.recv().await {
        let data = read_object(&p).await?;
        put_object(&p, &data).await?;
        load_json(&p).await?;
        log_line(&p, "synced").await?;
    }
    Ok(())
}
