use std::time::Duration;

use crate::rpc::{Relay, RpcServer};

#[derive(Clone)]
pub struct ProxyServer {
    pub id: u32,
}

impl ProxyServer {
    pub async fn serve(self) -> Result<(), String> {
        let server = self.clone();
        tokio::spawn(async move { // want: detached_task@note
            server.connect_rpc().await;
        });
        Ok(())
    }

    async fn connect_rpc(&self) {
        loop {
            let _ = self.cycle().await;
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
    }

    async fn cycle(&self) -> Result<(), String> {
        let rpc = RpcServer::new(self.id);
        let handle = rpc.clone();
        tokio::spawn(async move {
            let _ = handle.serve();
        });
        Ok(())
    }

    pub async fn keep_relaying(&self) {
        loop {
            let relay = Relay { id: self.id };
            relay.serve();
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
    }
}
