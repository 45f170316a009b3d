// Two calls down, lent rather than handed over: an encoder opens the file itself and lends it
// (`&mut f`) to a block reader that reads through a `take` adapter. Cancelled by the stop
// branch, the half-read block goes with the file the encoder opened, and the next turn opens
// it again. Quiet. The twin's encoder lends the long-lived upload stream it borrows from its
// owner: the bytes a cancelled read took out of it are gone, and the next turn reads on
// from the middle of a block.
use tokio::fs::File;
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::sync::Notify;

pub struct Encoder {
    pub path: String,
    pub block: u64,
    pub upload: tokio::net::TcpStream,
}

impl Encoder {
    async fn read_blocks<R: AsyncRead + Unpin>(&self, reader: &mut R, size: u64) -> std::io::Result<Vec<Vec<u8>>> {
        let mut blocks = Vec::new();
        loop {
            let mut block = Vec::new();
            let mut take = reader.take(size);
            if take.read_to_end(&mut block).await? == 0 {
                return Ok(blocks);
            }
            blocks.push(block);
        }
    }

    async fn encode_file(&self) -> std::io::Result<usize> {
        let mut f = File::open(&self.path).await?;
        let blocks = self.read_blocks(&mut f, self.block).await?;
        Ok(blocks.len())
    }

    pub async fn run(&self, stop: &Notify) {
        loop {
            tokio::select! {
                r = self.encode_file() => { let _ = r; }
                _ = stop.notified() => {}
            }
        }
    }
}

pub struct Uploader {
    pub block: u64,
    pub upload: tokio::net::TcpStream,
}

impl Uploader {
    async fn read_blocks<R: AsyncRead + Unpin>(&self, reader: &mut R, size: u64) -> std::io::Result<Vec<Vec<u8>>> {
        let mut blocks = Vec::new();
        let mut block = Vec::new();
        let mut take = reader.take(size);
        take.read_to_end(&mut block).await?;
        blocks.push(block);
        Ok(blocks)
    }

    async fn encode_upload(&mut self) -> std::io::Result<usize> {
        let size = self.block;
        let stream = &mut self.upload;
        let blocks = Self::read_blocks_from(stream, size).await?;
        Ok(blocks.len())
    }

    async fn read_blocks_from(reader: &mut tokio::net::TcpStream, size: u64) -> std::io::Result<Vec<Vec<u8>>> {
        let mut block = Vec::new();
        let mut take = reader.take(size);
        take.read_to_end(&mut block).await?;
        Ok(vec![block])
    }

    pub async fn run(&mut self, stop: &Notify) {
        loop {
            tokio::select! {
                r = self.encode_upload() => { let _ = r; } // want: select_cancel_unsafe
                _ = stop.notified() => {}
            }
        }
    }
}
