// Embedded HALs (embassy) name their synchronous peripheral methods blocking_read and
// blocking_write; they are not Tokio's panicking methods. Without Tokio in the file, quiet.
#![no_std]
#![no_main]

use embassy_executor::Spawner;
use embassy_rp::uart::{Config, Uart};

#[embassy_executor::main]
async fn main(_spawner: Spawner) {
    let p = embassy_rp::init(Default::default());
    let mut uart = Uart::new_blocking(p.UART0, p.PIN_0, p.PIN_1, Config::default());
    uart.blocking_write(b"hello\r\n").unwrap();
    let mut buf = [0u8; 1];
    uart.blocking_read(&mut buf).unwrap();
}

struct Flash;

impl Flash {
    fn blocking_write(&mut self, _offset: u32, _bytes: &[u8]) -> Result<(), ()> {
        Ok(())
    }

    async fn write(&mut self, offset: u32, bytes: &[u8]) -> Result<(), ()> {
        self.blocking_write(offset, bytes)
    }
}
