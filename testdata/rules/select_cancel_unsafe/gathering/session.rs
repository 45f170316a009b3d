use futures::stream::{BoxStream, StreamExt};
use tokio::net::TcpStream;

pub enum Frame {
    Data(Vec<u8>),
    Moved(String),
}

// A console session that follows its host when it moves: it takes a frame off the stream,
// then reconnects before handing the frame back.
pub struct Session {
    frames: BoxStream<'static, Frame>,
}

impl Session {
    pub async fn recv(&mut self) -> Option<Frame> {
        let frame = self.frames.next().await;
        if let Some(Frame::Moved(to)) = &frame {
            if let Ok(sock) = TcpStream::connect(to.as_str()).await {
                self.frames = frames_of(sock);
            }
        }
        frame
    }
}

// The fixed order: the frame is handed back at once, and the move is followed on the next
// call. Quiet.
pub struct SessionFixed {
    frames: BoxStream<'static, Frame>,
    moved_to: Option<String>,
}

impl SessionFixed {
    pub async fn recv(&mut self) -> Option<Frame> {
        if let Some(to) = self.moved_to.take() {
            if let Ok(sock) = TcpStream::connect(to.as_str()).await {
                self.frames = frames_of(sock);
            }
        }
        let frame = self.frames.next().await;
        if let Some(Frame::Moved(to)) = &frame {
            self.moved_to = Some(to.clone());
        }
        frame
    }
}

fn frames_of(_sock: TcpStream) -> BoxStream<'static, Frame> {
    futures::stream::empty().boxed()
}
