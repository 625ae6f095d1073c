package main

import (
	"context"
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// TestLimitFor: the automatic limit is the collector's goal for the live
// heap kept between requests, base × (1 + pct/100), and 16 MiB, but at
// least a tenth above the live heap: by hand, 144 MiB kept at 50% is 216 +
// 16 = 232 MiB, at 100% 288 + 16 = 304 MiB; with 300 MiB live now (a
// larger network read) 330 + 16 = 346 MiB.
func TestLimitFor(t *testing.T) {
	for _, c := range []struct {
		base, live uint64
		pct        int
		want       int64
	}{
		{144 << 20, 144 << 20, 50, 232 << 20},
		{144 << 20, 200 << 20, 50, 236 << 20}, // max(216, 200 × 1.1 = 220) + 16
		{144 << 20, 144 << 20, 100, 304 << 20},
		{144 << 20, 300 << 20, 50, 346 << 20},
		{math.MaxUint64 / 2, 1, 100, math.MaxInt64},
	} {
		if got := limitFor(c.base, c.live, c.pct); got != c.want {
			t.Errorf("limitFor(%d, %d, %d) = %d, want %d", c.base, c.live, c.pct, got, c.want)
		}
	}
}

// TestFollowLiveHeap: after a collection the limit is limitFor the live
// heap; when the context ends the limit is lifted again.
func TestFollowLiveHeap(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	keep := make([]byte, 32<<20) // a live heap of at least 32 MiB
	runtime.GC()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { defer close(done); followLiveHeap(ctx, 50, 10*time.Millisecond) }()
	lo := limitFor(32<<20, 32<<20, 50)
	deadline := time.Now().Add(10 * time.Second)
	for debug.SetMemoryLimit(-1) < lo || debug.SetMemoryLimit(-1) == math.MaxInt64 {
		if time.Now().After(deadline) {
			t.Fatalf("limit %d after 10 s, want at least %d and finite", debug.SetMemoryLimit(-1), lo)
		}
		time.Sleep(10 * time.Millisecond)
	}
	runtime.KeepAlive(keep)
	cancel()
	<-done
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("limit %d after the context ended, want none", got)
	}
}
