// A Tokio runtime made or entered in async code that another executor drives: Tokio's
// in-runtime panics need a Tokio runtime on the thread, so these are not errors there.
use tokio::runtime::Runtime;

struct Cx;
struct Task;
impl Cx {
    // A UI framework's spawn takes a closure that receives a context (GPUI's shape).
    fn spawn<F>(&mut self, _f: F) -> Task {
        Task
    }
}

async fn query() -> u32 {
    7
}

fn load(cx: &mut Cx) {
    cx.spawn(async move |_cx: &mut Cx| {
        let rt = Runtime::new().unwrap(); // want: blocking_in_async@note
        let n = rt.block_on(async { query().await }); // want: blocking_in_async@warning
        n
    });
    // The older closure-returning-a-future shape.
    cx.spawn(move |_cx: &mut Cx| async move {
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap(); // want: blocking_in_async@note
        rt.block_on(query()) // want: blocking_in_async@warning
    });
}

fn on_smol() {
    smol::spawn(async {
        let rt = Runtime::new().unwrap(); // want: blocking_in_async@note
        rt.block_on(query()) // want: blocking_in_async@warning
    })
    .detach();
}

// The harmful twins: Tokio's spawn takes a future, and Tokio drives it: these panic.
fn on_tokio(handle: tokio::runtime::Handle) {
    tokio::spawn(async {
        let rt = Runtime::new().unwrap(); // want: blocking_in_async@error
        rt.block_on(query()) // want: blocking_in_async@error
    });
    handle.spawn(async move {
        let rt = Runtime::new().unwrap(); // want: blocking_in_async@error
        rt.block_on(query()) // want: blocking_in_async@error
    });
}

async fn awaited_by_anyone() -> u32 {
    let rt = Runtime::new().unwrap(); // want: blocking_in_async@error
    rt.block_on(query()) // want: blocking_in_async@error
}
