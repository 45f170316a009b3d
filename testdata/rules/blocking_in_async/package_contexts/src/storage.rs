// A module of the library: production code, reported at full level.
pub async fn save(data: &[u8]) {
    std::fs::write("data.bin", data).unwrap(); // want: blocking_in_async@warning
}

#[cfg(test)]
mod tests;
