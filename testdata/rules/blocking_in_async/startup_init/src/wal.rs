pub(crate) async fn check_lock_files() -> std::io::Result<()> {
    for entry in std::fs::read_dir("/data/wal")? { // want: blocking_in_async@note
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "lock") {
            std::fs::remove_file(&path)?; // want: blocking_in_async@note
        }
    }
    Ok(())
}

pub fn prepare_dirs(_root: &str) -> std::io::Result<()> {
    Ok(())
}

pub(crate) async fn replay() -> std::io::Result<()> {
    let data = std::fs::read("/data/wal/current")?; // want: blocking_in_async@warning
    drop(data);
    Ok(())
}

pub(crate) async fn clean_orphans() {
    std::fs::remove_dir_all("/data/wal/orphans").ok(); // want: blocking_in_async@warning
}

/// Exported and not an init fn: other packages may call it on their request paths.
pub async fn load_index() -> std::io::Result<Vec<u8>> {
    std::fs::read("/data/wal/index") // want: blocking_in_async@warning
}
