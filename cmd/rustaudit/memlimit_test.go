package main

import (
	"runtime"
	"sync/atomic"
	"testing"
)

func TestMemLimitFor(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int64
	}{
		{0, memLimitFloor},
		{memLimitFloor - memLimitHeadroom, memLimitFloor},
		{170 << 20, 170<<20 + memLimitHeadroom}, // the workload's facts with every rule
	} {
		if got := memLimitFor(c.live); got != c.want {
			t.Errorf("memLimitFor(%d) = %d, want %d", c.live, got, c.want)
		}
	}
}

func TestOnGC(t *testing.T) {
	var calls atomic.Int32
	onGC(func() { calls.Add(1) })
	// Finalizers run on their own goroutine after the collection: collect until two ran
	// (the second shows that the sentinel set itself again).
	for i := 0; i < 1000 && calls.Load() < 2; i++ {
		runtime.GC()
		runtime.Gosched()
	}
	if n := calls.Load(); n < 2 {
		t.Fatalf("onGC's function ran %d times over 1000 collections, want at least 2", n)
	}
}
