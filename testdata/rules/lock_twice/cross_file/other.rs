pub struct Shard;

impl Shard {
    pub fn describe(&self) -> String {
        String::from("other shard")
    }
}
