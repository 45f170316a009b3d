package rules

// Timer constructors of the async runtimes, as data: which calls make a timer and how it
// behaves. Rules ask this table rather than keep their own list.

// timerKind says how a timer constructor behaves: whether its argument is a duration
// (measured from the moment the timer is created) or an absolute deadline, and whether the
// future also completes when a wrapped future does (timeout) or only when the timer fires.
type timerKind struct {
	deadline bool // first argument is an Instant: re-creating it with the same value does not restart it
	wraps    bool // timeout(d, fut): completes when fut does, too
}

// timerConstructors maps the full paths of timer constructors to their kind: what
// select_timer_in_loop, poll_after_ready and the select summaries know of timers.
var timerConstructors = map[string]timerKind{
	"tokio::time::sleep":                      {},
	"tokio::time::delay_for":                  {}, // tokio 0.2
	"tokio::time::sleep_until":                {deadline: true},
	"tokio::time::delay_until":                {deadline: true}, // tokio 0.2
	"tokio::time::timeout":                    {wraps: true},
	"tokio::time::timeout_at":                 {deadline: true, wraps: true},
	"async_std::task::sleep":                  {},
	"async_std::future::timeout":              {wraps: true},
	"async_std::io::timeout":                  {wraps: true},
	"futures_timer::Delay::new":               {},
	"smol::Timer::after":                      {},
	"smol::Timer::at":                         {deadline: true},
	"async_io::Timer::after":                  {},
	"async_io::Timer::at":                     {deadline: true},
	"actix_rt::time::sleep":                   {},
	"actix_rt::time::sleep_until":             {deadline: true},
	"actix_rt::time::timeout":                 {wraps: true},
	"monoio::time::sleep":                     {},
	"monoio::time::sleep_until":               {deadline: true},
	"monoio::time::timeout":                   {wraps: true},
	"embassy_time::Timer::after":              {},
	"embassy_time::Timer::after_millis":       {},
	"embassy_time::Timer::after_secs":         {},
	"embassy_time::Timer::after_micros":       {},
	"embassy_time::Timer::at":                 {deadline: true},
	"embassy_time::with_timeout":              {wraps: true},
	"embassy_time::with_deadline":             {deadline: true, wraps: true},
	"gloo_timers::future::sleep":              {},
	"gloo_timers::future::TimeoutFuture::new": {},
}
