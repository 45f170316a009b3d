#[derive(Clone)]
pub struct RpcServer {
    pub id: u32,
}

impl RpcServer {
    pub fn new(id: u32) -> Self {
        RpcServer { id }
    }
}

#[derive(Clone)]
pub struct Relay {
    pub id: u32,
}

impl Relay {
    pub fn serve(self) {
        tokio::spawn(async move { // want: detached_task@warning
            loop {
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                println!("relay {}", self.id);
            }
        });
    }
}
