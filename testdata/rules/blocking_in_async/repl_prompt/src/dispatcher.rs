#[derive(Default)]
pub struct Dispatcher {
    code: String,
}

impl Dispatcher {
    pub fn prompt(&self) -> String {
        format!("{}> ", self.code.len())
    }

    pub async fn dispatch(&mut self, line: &str) -> std::io::Result<()> {
        if line == "!edit" {
            return self.edit_session().await;
        }
        self.code.push_str(line);
        tokio::task::yield_now().await;
        Ok(())
    }

    async fn edit_session(&mut self) -> std::io::Result<()> {
        let path = std::env::temp_dir().join("session.txt");
        let status = std::process::Command::new("vi").arg(&path).status()?; // want: blocking_in_async@note
        if status.success() {
            self.code = std::fs::read_to_string(&path)?; // want: blocking_in_async@note
        }
        tokio::task::yield_now().await;
        Ok(())
    }
}
