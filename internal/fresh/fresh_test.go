package fresh

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// clock is a settable clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// TestGet walks a cache through its cases: the first value waits; a value
// at the version read is current (age 0); a newer store version within the
// bound gets the value in hand with its age while one refresh runs; beyond
// the bound the caller waits and gets the refreshed value; a refresh that
// read the store before the caller's version is followed by another; a
// refresh's error reaches the callers that waited, not the value in hand.
func TestGet(t *testing.T) {
	ctx := context.Background()
	clk := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	p := Policy{MaxStaleness: time.Second, Clock: clk.now}
	var c Cache[string]
	var mu sync.Mutex
	store := int64(1) // the store's version
	release := chan struct{}(nil)
	refreshes := 0
	stale := false // the next refresh reads the version before store
	var fail error
	refresh := func(context.Context, string, bool) (string, int64, error) {
		mu.Lock()
		refreshes++
		r, v, err := release, store, fail
		if stale {
			v, stale = v-1, false
		}
		mu.Unlock()
		if r != nil {
			<-r
		}
		if err != nil {
			return "", 0, err
		}
		return "v" + string(rune('0'+v)), v, nil
	}
	get := func(v int64) (string, time.Duration, error) { return c.Get(ctx, v, p, nil, refresh) }

	if val, age, err := get(1); val != "v1" || age != 0 || err != nil {
		t.Fatalf("first: %q %v %v", val, age, err)
	}
	clk.add(300 * time.Millisecond)
	if val, age, _ := get(1); val != "v1" || age != 0 {
		t.Fatalf("at its version: %q %v, want v1, 0", val, age)
	}
	// A write: version 2; the refresh is held.
	mu.Lock()
	store, release = 2, make(chan struct{})
	mu.Unlock()
	clk.add(600 * time.Millisecond)
	if val, age, _ := get(2); val != "v1" || age != 600*time.Millisecond {
		t.Fatalf("within the bound: %q %v, want v1, 600ms", val, age)
	}
	if val, _, _ := get(2); val != "v1" {
		t.Fatalf("a second caller: %q, want v1 while the refresh runs", val)
	}
	clk.add(500 * time.Millisecond) // 1.1 s since v1 was known current
	got := make(chan string)
	go func() { val, _, _ := get(2); got <- val }()
	mu.Lock()
	close(release)
	release = nil
	mu.Unlock()
	if val := <-got; val != "v2" {
		t.Fatalf("beyond the bound: %q, want v2", val)
	}
	// Without a bound, a refresh that read the store before the caller's
	// version (the first one here returns 2, as if the write of 3 landed
	// after its read) is followed by another.
	mu.Lock()
	store, stale = 3, true
	mu.Unlock()
	if val, _, _ := c.Get(ctx, 3, Policy{Clock: clk.now}, nil, refresh); val != "v3" || refreshes != 4 {
		t.Fatalf("after a refresh older than the call: %q after %d refreshes, want v3 after 4", val, refreshes)
	}
	// An error reaches the caller that waited; the value stays.
	mu.Lock()
	store, fail = 4, errors.New("store down")
	mu.Unlock()
	clk.add(2 * time.Second)
	if _, _, err := get(4); err == nil || err.Error() != "store down" {
		t.Fatalf("a failed refresh: %v, want its error", err)
	}
	if val, _, _ := get(3); val != "v3" {
		t.Fatalf("after a failed refresh: %q, want v3 kept", val)
	}
}

// TestUsable: a value usable rejects is never handed out, whatever its
// version.
func TestUsable(t *testing.T) {
	var c Cache[int]
	day := 1
	refresh := func(context.Context, int, bool) (int, int64, error) { return day, 1, nil }
	usable := func(v int) bool { return v == day }
	p := Policy{MaxStaleness: time.Hour}
	if v, _, _ := c.Get(context.Background(), 1, p, usable, refresh); v != 1 {
		t.Fatal(v)
	}
	day = 2
	if v, _, _ := c.Get(context.Background(), 1, p, usable, refresh); v != 2 {
		t.Fatalf("a value of another day: %d, want the refreshed 2", v)
	}
}
