// A `for` over configured entries (`config.chip_files`, `args.inputs`) runs once per entry
// someone configured, when the code is set up: reading each file is not per item. A note.
// The twin loops over what a request carries: per item, a warning.
pub struct Config {
    pub chip_files: Vec<String>,
}

pub struct Upload {
    pub files: Vec<String>,
}

pub async fn families_size(config: &Config) -> u64 {
    let mut sum = 0;
    for path in &config.chip_files {
        sum += std::fs::read(path).map(|b| b.len() as u64).unwrap_or(0); // want: blocking_in_async@note
    }
    sum
}

pub async fn total_size(upload: &Upload) -> u64 {
    let mut sum = 0;
    for path in &upload.files {
        sum += std::fs::read(path).map(|b| b.len() as u64).unwrap_or(0); // want: blocking_in_async@warning
    }
    sum
}
