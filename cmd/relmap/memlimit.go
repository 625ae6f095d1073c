package main

import (
	"context"
	"math"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// autoHeadroom is what the automatic memory limit allows beyond the
// collector's own goal (limitFor).
const autoHeadroom = 16 << 20

// autoWindow is how long the automatic limit remembers the live heap: it
// follows the least live heap of that span (what the process keeps, its
// caches), not the peaks of single requests.
const autoWindow = time.Minute

// limitFor returns the automatic soft memory limit for a process that
// keeps base bytes live between requests and has live bytes live now,
// under a collection target of pct percent: the heap the collector lets
// grow before it runs anyway for the base (base × (1 + pct/100)) and
// autoHeadroom, but at least a tenth above the live heap, so that a
// larger network (or a request that holds much) slows the collector
// for a while and never stalls it. What the limit changes is that memory
// above it goes back to the system at once, instead of at the background
// scavenger's slow pace, so the resident set stays near the goal.
func limitFor(base, live uint64, pct int) int64 {
	if max(base, live) > math.MaxInt64/uint64(100+pct) {
		return math.MaxInt64
	}
	return max(int64(base)*int64(100+pct)/100, int64(live)*110/100) + autoHeadroom
}

// followLiveHeap keeps the soft memory limit at limitFor the live heap
// (runtime/metrics /gc/heap/live:bytes, as of the last collection), read
// every interval, and its least value in the last autoWindow, until ctx
// is done; then it lifts the limit again. Before the first collection it
// sets none.
func followLiveHeap(ctx context.Context, pct int, every time.Duration) {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	t := time.NewTicker(every)
	defer t.Stop()
	defer debug.SetMemoryLimit(math.MaxInt64)
	type seen struct {
		at   time.Time
		live uint64
	}
	var window []seen // in time order; the least live heap first after pruning
	set := int64(0)
	for {
		metrics.Read(sample)
		if sample[0].Value.Kind() == metrics.KindUint64 {
			if live := sample[0].Value.Uint64(); live > 0 {
				now := time.Now()
				// Keep an increasing run of live values: an older larger
				// one can never be the least again.
				for len(window) > 0 && window[len(window)-1].live >= live {
					window = window[:len(window)-1]
				}
				window = append(window, seen{now, live})
				for len(window) > 1 && now.Sub(window[0].at) > autoWindow {
					window = window[1:]
				}
				if lim := limitFor(window[0].live, live, pct); lim != set {
					debug.SetMemoryLimit(lim)
					set = lim
				}
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
