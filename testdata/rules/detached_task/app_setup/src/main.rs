// A desktop app that starts its background jobs from the builder's start-up hook, which the
// framework runs once as the app starts, and one from a window-event callback, which runs
// per event.
use std::time::Duration;

async fn start_health_check() {
    tokio::spawn(async { // want: detached_task@note
        loop {
            tokio::time::sleep(Duration::from_secs(5)).await;
            println!("healthy");
        }
    });
}

async fn start_focus_tracker() {
    tokio::spawn(async { // want: detached_task@warning
        loop {
            tokio::time::sleep(Duration::from_secs(1)).await;
            println!("focused");
        }
    });
}

fn main() {
    tauri::Builder::default()
        .setup(|_app| {
            tauri::async_runtime::spawn(async move {
                start_health_check().await;
            });
            Ok(())
        })
        .on_window_event(|_window, _event| {
            tauri::async_runtime::spawn(async move {
                start_focus_tracker().await;
            });
        })
        .run(tauri::generate_context!())
        .expect("error while running the app");
}
