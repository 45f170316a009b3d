// Embedded register access (svd2rust / chiptool PACs) uses `.read()` and `.write(..)` with
// no lock in sight; io::Read takes a buffer; `Borrow::borrow` is a trait method.
use core::borrow::Borrow;

struct Spi {
    regs: Regs,
}

struct Regs;
struct Reg;
struct Val(u32);

impl Regs {
    fn status(&self) -> Reg { Reg }
    fn fifo(&self) -> Reg { Reg }
}

impl Reg {
    fn read(&self) -> Val { Val(0) }
    fn write(&self, _f: impl FnOnce(&mut Val)) {}
}

impl Val {
    fn busy(&self) -> bool { self.0 != 0 }
}

impl Spi {
    async fn transfer(&mut self, word: u32) -> u32 {
        while self.regs.status().read().busy() {
            yield_now().await;
        }
        self.regs.fifo().write(|w| w.0 = word);
        let status = self.regs.status().read();
        wait_irq().await;
        let v = self.regs.fifo().read();
        wait_irq().await;
        status.0 + v.0
    }
}

async fn key_lookup<K: Borrow<str>>(key: K) -> usize {
    let k: &str = key.borrow();
    wait_irq().await;
    k.len()
}

async fn read_file(path: &str) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    let mut buf = Vec::new();
    f.read_to_end(&mut buf)?;
    wait_irq().await;
    Ok(buf)
}

async fn yield_now() {}
async fn wait_irq() {}
