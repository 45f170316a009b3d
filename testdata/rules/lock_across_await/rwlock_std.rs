use std::sync::{Arc, RwLock};

#[derive(Default)]
struct Routes {
    table: Vec<(String, u16)>,
}

async fn lookup(routes: Arc<RwLock<Routes>>, host: &str) -> Option<u16> {
    let table = routes.read().unwrap(); // want: lock_across_await
    let port = table.table.iter().find(|(h, _)| h == host).map(|(_, p)| *p);
    probe(port?).await;
    port
}

async fn lookup_scoped(routes: Arc<RwLock<Routes>>, host: &str) -> Option<u16> {
    let port = {
        let table = routes.read().unwrap();
        table.table.iter().find(|(h, _)| h == host).map(|(_, p)| *p)
    };
    probe(port?).await;
    port
}

async fn update(routes: Arc<RwLock<Routes>>, host: String, port: u16) {
    let mut table = routes.write().expect("routes lock poisoned"); // want: lock_across_await
    table.table.push((host, port));
    probe(port).await;
}

async fn update_statement(routes: Arc<RwLock<Routes>>, host: String, port: u16) {
    routes.write().unwrap().table.push((host, port));
    probe(port).await;
}

async fn for_loop_over_read_guard(routes: Arc<RwLock<Routes>>) {
    for (_, port) in routes.read().unwrap().table.iter() { // want: lock_across_await
        probe(*port).await;
    }
}

async fn probe(_p: u16) {}
