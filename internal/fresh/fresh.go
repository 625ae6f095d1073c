// Package fresh keeps a value derived from a store — the analysis snapshot,
// the segment matrix — up to date with the store's writes, one refresh at a
// time, and hands out the value in hand while a refresh runs as long as it
// is no older than a bound. analysis.Cache and api.MatrixCache use it, so
// that both follow writes the same way.
//
// A value is at a store version. A caller reads the store's version v first
// and asks for a value at least that new. When the value in hand is older,
// a refresh starts (unless one runs) and the caller gets:
//
//   - with MaxStaleness zero, the refreshed value, after waiting;
//   - with MaxStaleness positive, the value in hand while its age — the time
//     since it was last known to be current — is at most MaxStaleness, else
//     the refreshed value after waiting.
//
// A value is known current when a caller found it at the version it read,
// or when a refresh read the store: then every write committed before that
// moment is in it. So every answer holds every write committed more than
// MaxStaleness before the call began.
package fresh

import (
	"context"
	"sync"
	"time"
)

// Cache holds one value of type T. The zero value is ready to use; it is
// safe for concurrent use.
type Cache[T any] struct {
	mu      sync.Mutex
	val     T
	version int64
	have    bool
	seen    time.Time
	running chan struct{} // closed when the running refresh ends
	err     error         // the last refresh's error
}

// Refresh makes the value at the store's current version from the value in
// hand (had reports whether there is one) and returns it with its version.
// It runs in a goroutine of its own, with a context of its own: it serves
// every caller that waits for it, not only the one that started it.
type Refresh[T any] func(ctx context.Context, prev T, had bool) (val T, version int64, err error)

// Policy is how a call of Get may be answered.
type Policy struct {
	// MaxStaleness is the bound described in the package documentation.
	MaxStaleness time.Duration
	// Clock measures ages; nil means time.Now.
	Clock func() time.Time
}

func (p Policy) now() time.Time {
	if p.Clock != nil {
		return p.Clock()
	}
	return time.Now()
}

// Get returns a value at version v or newer (v: the store's version read
// by the caller just before) and its age, refreshing with refresh as the
// package documentation says. usable, when not nil, rejects a value that
// must not be handed out whatever its version (a snapshot of another day).
func (c *Cache[T]) Get(ctx context.Context, v int64, p Policy, usable func(T) bool, refresh Refresh[T]) (T, time.Duration, error) {
	t := p.now()
	for {
		c.mu.Lock()
		ok := c.have && (usable == nil || usable(c.val))
		if ok && c.version >= v {
			if c.version == v && t.After(c.seen) {
				c.seen = t
			}
			val := c.val
			c.mu.Unlock()
			return val, 0, nil
		}
		running := c.start(p, refresh)
		if age := p.now().Sub(c.seen); ok && p.MaxStaleness > 0 && age <= p.MaxStaleness {
			val := c.val
			c.mu.Unlock()
			return val, age, nil
		}
		c.mu.Unlock()
		select {
		case <-running:
		case <-ctx.Done():
			var zero T
			return zero, 0, ctx.Err()
		}
		c.mu.Lock()
		err := c.err
		c.mu.Unlock()
		if err != nil {
			var zero T
			return zero, 0, err
		}
		// The refresh waited for may have read the store before v: then
		// the loop starts another.
	}
}

// start starts a refresh unless one runs and returns the channel closed
// when it ends. c.mu is held.
func (c *Cache[T]) start(p Policy, refresh Refresh[T]) chan struct{} {
	if c.running != nil {
		return c.running
	}
	done := make(chan struct{})
	c.running = done
	prev, had := c.val, c.have
	go func() {
		t0 := p.now()
		val, v, err := refresh(context.Background(), prev, had)
		c.mu.Lock()
		c.err = err
		if err == nil {
			c.val, c.version, c.have, c.seen = val, v, true, t0
		}
		c.running = nil
		c.mu.Unlock()
		close(done)
	}()
	return done
}
