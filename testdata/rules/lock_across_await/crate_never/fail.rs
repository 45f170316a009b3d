// Fns that never return, and look-alikes that do.
pub fn die(msg: &str) -> ! {
    panic!("{msg}")
}

pub fn warn_only(msg: &str) {
    eprintln!("{msg}");
}

pub struct Job;

impl Job {
    pub fn fatal(&self, msg: &str) -> ! {
        panic!("{msg}")
    }

    pub fn report(&self, msg: &str) {
        eprintln!("{msg}");
    }
}

pub struct Report;

impl Report {
    pub fn report(&self, msg: &str) -> ! {
        panic!("{msg}")
    }
}
