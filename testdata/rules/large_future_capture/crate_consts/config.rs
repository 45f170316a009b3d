// Sizes shared by the crate's modules.
pub const KIB: usize = 1024;
pub const READ_BUF: usize = 64 * KIB;
pub const FRAME: usize = (1 << 12) + HEADER;
pub const HEADER: usize = 16;
pub const SMALL: usize = 4 * KIB;
pub const WORDS: usize = READ_BUF / 8;

// Two cfg'd definitions that disagree: which one applies is not known here.
#[cfg(target_os = "linux")]
pub const PIPE_BUF: usize = 65536;
#[cfg(not(target_os = "linux"))]
pub const PIPE_BUF: usize = 512;

// A cycle must not hang the evaluator (rustc rejects it, the auditor just gives up).
pub const LOOP_A: usize = LOOP_B + 1;
pub const LOOP_B: usize = LOOP_A + 1;

#[cfg(unix)]
pub const SMALL_PIPE: usize = 512;
#[cfg(windows)]
pub const SMALL_PIPE: usize = 4096;

pub mod a {
    pub const SHADOWED: usize = 65536;
}
pub mod b {
    pub const SHADOWED: usize = 1 << 20;
}
