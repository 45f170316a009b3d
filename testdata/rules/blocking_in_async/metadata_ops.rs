// A metadata call (create_dir_all, remove_file, set_permissions, exists ...) moves no file
// data: it is a note, once or once per item, a walk over a folder included (a cleanup of a
// cache folder; an indexer over a huge tree is the known miss). These are a library's pub
// async fns, which run on their callers' executors.
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

pub async fn prepare(dir: &Path) -> std::io::Result<()> {
    fs::create_dir_all(dir)?; // want: blocking_in_async@note
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?; // want: blocking_in_async@note
    let sock = dir.join("daemon.sock");
    if fs::exists(&sock)? { // want: blocking_in_async@note
        fs::remove_file(&sock)?; // want: blocking_in_async@note
    }
    Ok(())
}

pub async fn clean(dir: &Path, names: &[String]) -> std::io::Result<()> {
    for name in names {
        fs::remove_file(dir.join(name))?; // want: blocking_in_async@note
    }
    // Per item (clean_all), but no data handed back: notes.
    fs::remove_dir_all(dir.join("cache"))?; // want: blocking_in_async@note
    let listing = fs::read_dir(dir)?; // want: blocking_in_async@note
    drop(listing);
    fs::copy(dir.join("a"), dir.join("b"))?; // want: blocking_in_async@note
    Ok(())
}

pub async fn meta_async(dir: &Path) -> std::io::Result<()> {
    tokio::fs::create_dir_all(dir).await?;
    let _m = tokio::fs::metadata(dir).await?;
    Ok(())
}

// A loop over a list written out is a handful of calls, not a batch.
pub async fn clear_store(dir: &Path) -> std::io::Result<()> {
    for name in ["state.db", "state.db-wal", "state.db-shm"] {
        let path = dir.join(name);
        if fs::exists(&path)? { // want: blocking_in_async@note
            fs::remove_file(&path)?; // want: blocking_in_async@note
        }
    }
    Ok(())
}

// A re-bind loop that sleeps seconds per turn unlinks a stale socket once per turn.
pub async fn serve_metrics(sock: &Path) -> std::io::Result<()> {
    loop {
        if fs::metadata(sock).is_ok() { // want: blocking_in_async@note
            fs::remove_file(sock)?; // want: blocking_in_async@note
        }
        let listener = tokio::net::UnixListener::bind(sock)?;
        while let Ok((_stream, _)) = listener.accept().await {}
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    }
}

// A list of unknown length, or a loop that awaits no timer: still microseconds per item.
pub async fn clear_all(dir: &Path, names: &[String]) -> std::io::Result<()> {
    for name in names.iter().chain(["extra"].iter().map(|_| &names[0])) {
        fs::remove_file(dir.join(name))?; // want: blocking_in_async@note
    }
    let mut rx = tokio::sync::mpsc::channel::<std::path::PathBuf>(8).1;
    loop {
        let Some(path) = rx.recv().await else { break };
        fs::remove_file(&path)?; // want: blocking_in_async@note
    }
    Ok(())
}

// A walk over a folder: microseconds per entry, still notes.
pub async fn purge_spool(dir: &Path) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? { // want: blocking_in_async@note
        fs::remove_file(entry?.path())?; // want: blocking_in_async@note
    }
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        let _ = fs::metadata(entry.path())?; // want: blocking_in_async@note
    }
    Ok(())
}

// `clean` runs per item: once for every cache directory.
pub async fn clean_all(dirs: &[std::path::PathBuf]) -> std::io::Result<()> {
    for dir in dirs {
        clean(dir, &[]).await?;
    }
    Ok(())
}
