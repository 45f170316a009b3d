package main

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// The soft memory limit. The garbage collector works harder as the heap nears it, so the
// trees of a few large files in flight do not double the peak (measured 133 MB instead of
// 181 MB on the benchmark workload at the same CPU time, when the facts the scan keeps
// until the crate-wide settling took a few tens of MB). It must stay above what the scan
// keeps alive: under a limit the live heap has reached, the collector runs back to back
// (up to half the CPU, by the runtime's own cap) and frees nothing. With every rule's facts
// the workload keeps about 170 MB live by the end, and `scan -j2` took 31 s of CPU under a
// fixed 100 MB limit against 15 s without one, at the same peak RSS as under a 200 MB
// limit. So after each collection the limit is raised to the live heap plus
// memLimitHeadroom, never below memLimitFloor: the heap may grow by that much over what
// is live before the collector has to run again.
const (
	memLimitFloor    = 100 << 20
	memLimitHeadroom = 64 << 20
)

// memLimitFor is the limit for a live heap of live bytes.
func memLimitFor(live uint64) int64 {
	return max(memLimitFloor, int64(live)+memLimitHeadroom)
}

// keepMemoryLimit sets the soft memory limit and raises it after each garbage collection
// as the live heap grows (memLimitFor). It never lowers it: the live heap of a scan only
// grows until the end, and a limit that follows it down would make the collector chase the
// garbage of the next large file.
func keepMemoryLimit() {
	limit := int64(memLimitFloor)
	debug.SetMemoryLimit(limit)
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	onGC(func() {
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return
		}
		if l := memLimitFor(sample[0].Value.Uint64()); l > limit {
			limit = l
			debug.SetMemoryLimit(limit)
		}
	})
}

// onGC calls f after each garbage collection, on the finalizer goroutine, for the life of
// the process: the finalizer of an unreachable object runs after the collection that finds
// it, and sets itself again.
func onGC(f func()) {
	type sentinel struct{ _ [16]byte } // not a tiny allocation: it is freed on its own
	var rearm func(*sentinel)
	rearm = func(s *sentinel) {
		f()
		runtime.SetFinalizer(s, rearm)
	}
	runtime.SetFinalizer(new(sentinel), rearm)
}
