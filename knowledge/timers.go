package knowledge

// Timer is a timer constructor of an async runtime: which call makes a timer and how the
// timer behaves.
type Timer struct {
	Path string // full path of the constructor
	// Deadline: the first argument is an Instant, so re-creating the timer with the same
	// value does not restart it.
	Deadline bool
	// Wraps: timeout(d, fut) completes when fut does, too, not only when the timer fires.
	Wraps  bool
	Source string
}

// Timers are the timer constructors rustaudit knows.
var Timers = []Timer{
	{Path: "tokio::time::sleep", Source: "tokio docs: tokio::time::sleep"},
	{Path: "tokio::time::delay_for", Source: "tokio 0.2 docs: tokio::time::delay_for"},
	{Path: "tokio::time::sleep_until", Deadline: true, Source: "tokio docs: tokio::time::sleep_until"},
	{Path: "tokio::time::delay_until", Deadline: true, Source: "tokio 0.2 docs: tokio::time::delay_until"},
	{Path: "tokio::time::timeout", Wraps: true, Source: "tokio docs: tokio::time::timeout"},
	{Path: "tokio::time::timeout_at", Deadline: true, Wraps: true, Source: "tokio docs: tokio::time::timeout_at"},
	{Path: "async_std::task::sleep", Source: "async-std docs: async_std::task::sleep"},
	{Path: "async_std::future::timeout", Wraps: true, Source: "async-std docs: async_std::future::timeout"},
	{Path: "async_std::io::timeout", Wraps: true, Source: "async-std docs: async_std::io::timeout"},
	{Path: "futures_timer::Delay::new", Source: "futures-timer docs: Delay::new"},
	{Path: "smol::Timer::after", Source: "smol docs: Timer::after"},
	{Path: "smol::Timer::at", Deadline: true, Source: "smol docs: Timer::at"},
	{Path: "async_io::Timer::after", Source: "async-io docs: Timer::after"},
	{Path: "async_io::Timer::at", Deadline: true, Source: "async-io docs: Timer::at"},
	{Path: "actix_rt::time::sleep", Source: "actix-rt docs: actix_rt::time::sleep (tokio's)"},
	{Path: "actix_rt::time::sleep_until", Deadline: true, Source: "actix-rt docs: actix_rt::time::sleep_until (tokio's)"},
	{Path: "actix_rt::time::timeout", Wraps: true, Source: "actix-rt docs: actix_rt::time::timeout (tokio's)"},
	{Path: "monoio::time::sleep", Source: "monoio docs: monoio::time::sleep"},
	{Path: "monoio::time::sleep_until", Deadline: true, Source: "monoio docs: monoio::time::sleep_until"},
	{Path: "monoio::time::timeout", Wraps: true, Source: "monoio docs: monoio::time::timeout"},
	{Path: "embassy_time::Timer::after", Source: "embassy-time docs: Timer::after"},
	{Path: "embassy_time::Timer::after_millis", Source: "embassy-time docs: Timer::after_millis"},
	{Path: "embassy_time::Timer::after_secs", Source: "embassy-time docs: Timer::after_secs"},
	{Path: "embassy_time::Timer::after_micros", Source: "embassy-time docs: Timer::after_micros"},
	{Path: "embassy_time::Timer::at", Deadline: true, Source: "embassy-time docs: Timer::at"},
	{Path: "embassy_time::with_timeout", Wraps: true, Source: "embassy-time docs: with_timeout"},
	{Path: "embassy_time::with_deadline", Deadline: true, Wraps: true, Source: "embassy-time docs: with_deadline"},
	{Path: "gloo_timers::future::sleep", Source: "gloo-timers docs: gloo_timers::future::sleep"},
	{Path: "gloo_timers::future::TimeoutFuture::new", Source: "gloo-timers docs: TimeoutFuture::new"},
}
