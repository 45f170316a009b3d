// std::fs in async code, in each import form, beside tokio::fs.
use std::fs;
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::Path;

async fn module_functions(dir: &Path) -> std::io::Result<()> {
    let text = fs::read_to_string(dir.join("a.txt"))?; // want: blocking_in_async
    let bytes = fs::read(dir.join("b.bin"))?; // want: blocking_in_async
    fs::write(dir.join("c.txt"), &bytes)?; // want: blocking_in_async
    fs::create_dir_all(dir.join("d"))?; // want: blocking_in_async
    fs::remove_file(dir.join("e"))?; // want: blocking_in_async
    fs::rename(dir.join("f"), dir.join("g"))?; // want: blocking_in_async
    fs::copy(dir.join("g"), dir.join("h"))?; // want: blocking_in_async
    let meta = fs::metadata(dir)?; // want: blocking_in_async
    for entry in fs::read_dir(dir)? { // want: blocking_in_async
        let _ = entry?;
    }
    if std::fs::exists(dir.join("lock"))? { // want: blocking_in_async
        std::fs::remove_dir_all(dir.join("tmp"))?; // want: blocking_in_async
    }
    let real = std::fs::canonicalize(dir)?; // want: blocking_in_async
    drop((text, meta, real));
    Ok(())
}

async fn opening_files(path: &Path) -> std::io::Result<String> {
    let mut s = String::new();
    File::open(path)?.read_to_string(&mut s)?; // want: blocking_in_async
    let mut out = File::create(path.with_extension("bak"))?; // want: blocking_in_async
    out.write_all(s.as_bytes())?;
    let mut log = OpenOptions::new()
        .append(true)
        .create(true)
        .open(path.with_extension("log"))?; // want: blocking_in_async
    log.write_all(b"done\n")?;
    let _f = std::fs::OpenOptions::new().read(true).open(path)?; // want: blocking_in_async
    let _g = File::options().write(true).open(path)?; // want: blocking_in_async
    let _h = std::fs::File::open(path)?; // want: blocking_in_async
    Ok(s)
}

async fn options_in_a_binding(path: &Path) -> std::io::Result<()> {
    let mut opts = OpenOptions::new();
    opts.write(true).truncate(true);
    let _file = opts.open(path)?; // want: blocking_in_async
    Ok(())
}

async fn tokio_fs_is_fine(path: &Path) -> std::io::Result<()> {
    let text = tokio::fs::read_to_string(path).await?;
    tokio::fs::write(path.with_extension("bak"), text).await?;
    let mut f = tokio::fs::File::open(path).await?;
    let _g = tokio::fs::OpenOptions::new().append(true).open(path).await?;
    let mut buf = Vec::new();
    tokio::io::AsyncReadExt::read_to_end(&mut f, &mut buf).await?;
    Ok(())
}

fn sync_loader(path: &Path) -> std::io::Result<String> {
    let mut f = File::open(path)?;
    let mut s = String::new();
    f.read_to_string(&mut s)?;
    fs::write(path.with_extension("seen"), b"")?;
    Ok(s)
}

async fn open_on_other_types(url: &str, path: &Path) {
    // `.open(..)` on something that is not std's OpenOptions.
    let _ = webbrowser::open(url);
    let _ = opener::open(path);
    let db = sled::Config::new().path(path).open();
    drop(db);
}

async fn paths_are_not_io(path: &Path) -> bool {
    // Path manipulation does no I/O.
    let _p = path.join("x").with_extension("txt");
    path.is_absolute()
}
