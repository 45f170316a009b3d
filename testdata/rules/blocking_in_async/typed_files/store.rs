// A journal whose files live in fields: the methods called on them elsewhere block just as
// `std::fs::` calls do, whatever file declares the struct.
use std::fs::File;
use std::io::BufWriter;
use std::sync::Mutex;

pub struct Journal {
    pub file: File,
    pub out: BufWriter<File>,
    pub shared: Mutex<File>,
    pub log: tokio::fs::File,
}

impl Journal {
    // A constructor in a sync fn: the File comes from here, not from the async code.
    pub fn create(path: &str, log: tokio::fs::File) -> std::io::Result<Journal> {
        let file = File::create(path)?;
        let out = BufWriter::new(File::create(format!("{path}.out"))?);
        let shared = Mutex::new(File::create(format!("{path}.shared"))?);
        Ok(Journal { file, out, shared, log })
    }

    pub fn file_mut(&mut self) -> &mut File {
        &mut self.file
    }
}

// A type of the crate with methods named like a File's: not a file.
pub struct Packet {
    pub bytes: Vec<u8>,
}

impl Packet {
    pub fn read(&mut self, buf: &mut [u8]) -> usize {
        let n = buf.len().min(self.bytes.len());
        buf[..n].copy_from_slice(&self.bytes[..n]);
        n
    }

    pub fn sync_all(&self) -> bool {
        true
    }
}
