pub struct Packet;

impl Packet {
    pub fn check(&self) {}
}

pub struct Token;

impl Token {
    pub fn check(&self) {}
}

pub struct PacketReader {
    buf: Vec<u8>,
}

impl PacketReader {
    pub fn read(&self) -> Packet {
        Packet
    }

    pub fn lock(&self) -> Token {
        Token
    }

    pub fn write(&mut self, _p: &Packet) -> usize {
        self.buf.len()
    }
}
