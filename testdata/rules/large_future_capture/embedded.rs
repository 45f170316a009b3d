// Embedded tasks (embassy style): socket buffers borrowed by a socket that lives across the
// task's `.await`s.
#![no_std]
#![no_main]

use embassy_executor::Spawner;
use embassy_net::tcp::TcpSocket;
use embassy_net::Stack;
use embassy_time::{Duration, Timer};

const RX_LEN: usize = 16 * 1024;
const TX_LEN: usize = RX_LEN / 4;

#[embassy_executor::task]
async fn server(stack: Stack<'static>) -> ! {
    let mut rx_buffer = [0; RX_LEN]; // want: large_future_capture@warning
    let mut tx_buffer = [0; TX_LEN];
    let mut scratch = [0u8; 512];
    loop {
        let mut socket = TcpSocket::new(stack, &mut rx_buffer, &mut tx_buffer);
        socket.set_timeout(Some(Duration::from_secs(10)));
        if socket.accept(1234).await.is_err() {
            continue;
        }
        while let Ok(n) = socket.read(&mut scratch).await {
            if n == 0 || socket.write(&scratch[..n]).await.is_err() {
                break;
            }
        }
    }
}

#[embassy_executor::main]
async fn main(spawner: Spawner) {
    // Filled once, then only its checksum is used: computed in a block, quiet.
    let crc = {
        let mut table = [0u32; 256 * 16];
        for (i, e) in table.iter_mut().enumerate() {
            *e = i as u32;
        }
        table.iter().fold(0u32, |a, &b| a ^ b)
    };
    // A wave table borrowed before the loop's `.await`s.
    let mut wave = [0i16; 8192 + 1024]; // want: large_future_capture
    for (i, s) in wave.iter_mut().enumerate() {
        *s = (i as i16).wrapping_mul(3) ^ crc as i16;
    }
    loop {
        play(&wave);
        Timer::after_millis(10).await;
    }
}

fn play(_w: &[i16]) {}
