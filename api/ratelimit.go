package api

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"

	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
)

// Limits are the request rate limits of a Server. Every bearer secret a
// client presents has a token bucket of its own, keyed by the secret's
// SHA-256 (auth.Hash), so one token cannot starve the others; requests
// without a secret share the bucket of their client IP (gin's ClientIP,
// which believes X-Forwarded-For only from Server.TrustedProxies). A bucket
// (a golang.org/x/time/rate Limiter) holds Burst requests and refills at
// Rate per second; an empty bucket answers 429 with Retry-After.
//
// Guessing secrets is limited by the client IP: a request whose secret is
// refused (401) takes one request from its IP's bucket, and a secret that
// is not the secret of an active token is let in only while that bucket is
// not empty. A token that works is never held back by others' failures
// from its IP (or from the proxy all its users come through), whether it
// was used before or not, before a restart or after: the limiter knows the
// hashes of the active tokens (knownTokens), read from the token store when
// the server first needs them and again, at most once a second
// (tokenReload), when an unknown secret meets an empty IP bucket — so a
// flood of guesses costs the store one token listing a second, and a token
// created meanwhile (by relmap token create, in another process) is known
// within a second. A secret that fails authentication is forgotten at once
// (a revoked token).
//
// The public routes (publicRoutes: /healthz, /readyz and the web page's
// static files) are never limited: probes must see the server as it is,
// and the page holds no data.
type Limits struct {
	// Rate is the sustained requests per second of one token or client
	// IP; 0 means no limit (relmap serve sets DefaultLimits unless told
	// otherwise).
	Rate float64
	// Burst is how many requests one token or client may make at once; 0
	// means Rate rounded up.
	Burst int
	// MaxKeys bounds the buckets kept (about 100 bytes each); 0 means
	// 10,000. A full bucket (idle for Burst/Rate seconds) is the same as
	// none and is dropped first; past MaxKeys the bucket used least
	// recently goes.
	MaxKeys int
}

// DefaultLimits, relmap serve's defaults, allow a token or client 20
// requests per second in bursts of 100 (the web page asks for a dozen
// pictures and listings at once).
var DefaultLimits = Limits{Rate: 20, Burst: 100}

// withDefaults fills Burst and MaxKeys of a limit that is on.
func (l Limits) withDefaults() Limits {
	if l.Burst <= 0 {
		l.Burst = max(1, int(math.Ceil(l.Rate)))
	}
	if l.MaxKeys <= 0 {
		l.MaxKeys = 10000
	}
	return l
}

// limits returns the rate limits of s (Server.Limits) with the defaults
// filled in; a zero Limits is no limit.
func (s *Server) limits() Limits {
	if s.Limits == (Limits{}) {
		return Limits{}
	}
	return s.Limits.withDefaults()
}

// rateLimit takes one request from the bucket of the presented secret, or
// of the client IP when there is none, and answers 429 with Retry-After
// (whole seconds) when it is empty. It runs before authenticate, so that
// floods and guessed secrets are refused before they reach the store.
func (s *Server) rateLimit(c *gin.Context) {
	l := s.limits()
	if l.Rate <= 0 || publicRoutes[c.FullPath()] {
		c.Next()
		return
	}
	lim := &s.hard().limiter
	ipKey := "ip:" + c.ClientIP()
	secret, hasSecret := bearer(c.GetHeader("Authorization"))
	var wait time.Duration
	if hasSecret {
		h := auth.Hash(secret)
		key := "token:" + h
		known := lim.known.has(h)
		var gated bool
		wait, gated = lim.takeSecret(key, ipKey, known, l)
		if gated && lim.known.reload(c.Request.Context(), s.tokens(), lim.clock()) && lim.known.has(h) {
			wait, _ = lim.takeSecret(key, ipKey, true, l)
		}
		if wait == 0 {
			c.Next()
			switch {
			case principal(c) != nil:
				lim.known.add(h)
			case c.Writer.Status() == http.StatusUnauthorized:
				lim.known.remove(h)
				lim.refuse(key, ipKey, l)
			}
			return
		}
	} else if wait = lim.take(ipKey, l); wait == 0 {
		c.Next()
		return
	}
	s.hard().countRateLimited()
	secs := int(math.Ceil(wait.Seconds()))
	c.Header("Retry-After", strconv.Itoa(secs))
	abortJSON(c, http.StatusTooManyRequests, ErrorDetail{
		Code:      graph.EUNAVAILABLE,
		Message:   "too many requests: try again in " + strconv.Itoa(secs) + " s",
		RequestID: requestID(c),
	})
}

// limiter holds the token buckets of one Server: a rate.Limiter for each
// key, with the time it was last used so that the least recently used can
// make room.
type limiter struct {
	mu      sync.Mutex
	buckets map[string]*bucket
	// known are the hashes of the active tokens.
	known knownTokens
	// now is the clock; nil means time.Now (tests set it).
	now func() time.Time
}

// bucket is the token bucket of one key.
type bucket struct {
	lim  *rate.Limiter
	last time.Time // last taken from
}

func (lm *limiter) clock() time.Time {
	if lm.now != nil {
		return lm.now()
	}
	return time.Now()
}

// get returns the bucket of key, creating a full one when there is none
// (and making room for it). Call with mu held.
func (lm *limiter) get(key string, now time.Time, l Limits) *bucket {
	b := lm.buckets[key]
	if b == nil {
		if lm.buckets == nil {
			lm.buckets = make(map[string]*bucket)
		}
		if len(lm.buckets) >= l.MaxKeys {
			lm.evict(now, l)
		}
		b = &bucket{lim: rate.NewLimiter(rate.Limit(l.Rate), l.Burst), last: now}
		lm.buckets[key] = b
	}
	return b
}

// evict drops every bucket that has refilled completely (it is the same as
// a new one) and, if none has, the one used least recently. Call with mu
// held.
func (lm *limiter) evict(now time.Time, l Limits) {
	var oldest string
	var oldestAt time.Time
	dropped := false
	for k, b := range lm.buckets {
		if b.lim.TokensAt(now) >= float64(l.Burst) {
			delete(lm.buckets, k)
			dropped = true
			continue
		}
		if oldest == "" || b.last.Before(oldestAt) {
			oldest, oldestAt = k, b.last
		}
	}
	if !dropped && oldest != "" {
		delete(lm.buckets, oldest)
	}
}

// delay is how long b needs, from now, to hold one whole request: 0 when
// it holds one. It takes nothing (the reservation is cancelled).
func (b *bucket) delay(now time.Time) time.Duration {
	r := b.lim.ReserveN(now, 1)
	defer r.CancelAt(now)
	return r.DelayFrom(now)
}

// takeFrom takes one request from b: 0 when it had one, otherwise how
// long until it will (and nothing is taken).
func (b *bucket) takeFrom(now time.Time) time.Duration {
	b.last = now
	if b.lim.AllowN(now, 1) {
		return 0
	}
	return b.delay(now)
}

// take takes one request from key's bucket: 0 when it had one, otherwise
// how long until it will.
func (lm *limiter) take(key string, l Limits) time.Duration {
	lm.mu.Lock()
	defer lm.mu.Unlock()
	now := lm.clock()
	return lm.get(key, now, l).takeFrom(now)
}

// takeSecret takes one request from the bucket of a secret (key). A secret
// that is not known to be an active token's is let in only while its
// client's bucket (ipKey) holds a request, which it does not take: refuse
// charges it if the secret fails. gated reports that the client's bucket
// was empty (the wait is the client's).
func (lm *limiter) takeSecret(key, ipKey string, known bool, l Limits) (wait time.Duration, gated bool) {
	lm.mu.Lock()
	defer lm.mu.Unlock()
	now := lm.clock()
	if !known {
		if d := lm.get(ipKey, now, l).delay(now); d > 0 {
			return d, true
		}
	}
	return lm.get(key, now, l).takeFrom(now), false
}

// refuse drops the bucket of a secret (key) that failed authentication (it
// would only take room) and charges its client (ipKey) one request, if its
// bucket holds one.
func (lm *limiter) refuse(key, ipKey string, l Limits) {
	lm.mu.Lock()
	defer lm.mu.Unlock()
	delete(lm.buckets, key)
	now := lm.clock()
	lm.get(ipKey, now, l).takeFrom(now)
}

// tokenReload is how often, at most, the limiter reads the active tokens
// anew while unknown secrets come from clients whose bucket is empty.
const tokenReload = time.Second

// knownTokens is the set of the hashes of the active tokens, as the token
// store last listed them, plus the secrets that authenticated since, less
// those that failed since.
type knownTokens struct {
	mu     sync.Mutex
	hashes map[string]bool
	// loadMu makes one reload at a time; loaded is when the last began.
	loadMu sync.Mutex
	loaded time.Time
}

func (k *knownTokens) has(h string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.hashes[h]
}

func (k *knownTokens) add(h string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.hashes == nil {
		k.hashes = make(map[string]bool)
	}
	k.hashes[h] = true
}

func (k *knownTokens) remove(h string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.hashes, h)
}

// reload reads the active tokens from st, unless the last reload began
// less than tokenReload before now, and reports whether it did so. A store
// that does not answer within TokenTimeout leaves the set as it was.
func (k *knownTokens) reload(ctx context.Context, st auth.Store, now time.Time) bool {
	k.loadMu.Lock()
	defer k.loadMu.Unlock()
	if !k.loaded.IsZero() && now.Sub(k.loaded) < tokenReload {
		return false
	}
	k.loaded = now
	ctx, cancel := context.WithTimeout(ctx, TokenTimeout)
	defer cancel()
	ts, err := st.FindTokens(ctx)
	if err != nil {
		return false
	}
	hashes := make(map[string]bool, len(ts))
	for _, t := range ts {
		if t.Active() {
			hashes[t.Hash] = true
		}
	}
	k.mu.Lock()
	k.hashes = hashes
	k.mu.Unlock()
	return true
}
