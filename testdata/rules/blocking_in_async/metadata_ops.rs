// A metadata call (create_dir_all, remove_file, set_permissions, exists ...) moves no file
// data: once, outside a loop, it is a note. In a loop, or a call that scales with the
// directory or the file, it stays a warning. These are a library's pub async fns, which run
// on their callers' executors.
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
        fs::remove_file(dir.join(name))?; // want: blocking_in_async@warning
    }
    fs::remove_dir_all(dir.join("cache"))?; // want: blocking_in_async@warning
    let listing = fs::read_dir(dir)?; // want: blocking_in_async@warning
    drop(listing);
    fs::copy(dir.join("a"), dir.join("b"))?; // want: blocking_in_async@warning
    Ok(())
}

pub async fn meta_async(dir: &Path) -> std::io::Result<()> {
    tokio::fs::create_dir_all(dir).await?;
    let _m = tokio::fs::metadata(dir).await?;
    Ok(())
}
