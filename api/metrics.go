package api

import (
	"context"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/auth"
)

// hardening is the per-Server state of the metrics and the rate limiter.
type hardening struct {
	registry    *prometheus.Registry
	requests    *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	rateLimited prometheus.Counter
	snapshots   *prometheus.HistogramVec
	storeErrors *prometheus.CounterVec

	limiter limiter
}

// hard returns the hardening state of s, making it on first use.
func (s *Server) hard() *hardening {
	s.hardOnce.Do(func() { s.hardState = newHardening() })
	return s.hardState
}

func newHardening() *hardening {
	labels := []string{"method", "route", "class"}
	h := &hardening{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "relmap_http_requests_total",
			Help: "HTTP requests answered, by method, route pattern and status class.",
		}, labels),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "relmap_http_request_duration_seconds",
			Help:    "Time from the request's arrival to the end of its handler, by method, route pattern and status class.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, labels),
		rateLimited: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "relmap_http_rate_limited_total",
			Help: "Requests refused with 429 by the rate limit.",
		}),
		snapshots: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "relmap_snapshot_build_seconds",
			Help:    "Time to bring the analysis snapshot up to date after a write, per refresh, by how: read=whole (the network read again) or read=derived (from the previous snapshot and the change log).",
			Buckets: []float64{.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
		}, []string{"read"}),
		storeErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "relmap_store_errors_total",
			Help: "Requests that failed because the store was unavailable or failed internally, by error code.",
		}, []string{"code"}),
	}
	h.registry.MustRegister(h.requests, h.latency, h.rateLimited, h.snapshots, h.storeErrors,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return h
}

// countStoreError counts a request that failed with the store unavailable
// or an internal error (code).
func (h *hardening) countStoreError(code string) { h.storeErrors.WithLabelValues(code).Inc() }

// countRateLimited counts a request refused by the rate limit.
func (h *hardening) countRateLimited() { h.rateLimited.Inc() }

// knownMethods are the methods counted under their own name.
var knownMethods = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodPost: true, http.MethodPut: true,
	http.MethodPatch: true, http.MethodDelete: true, http.MethodOptions: true,
}

// metrics counts every request and its latency by method, route pattern
// and status class. It runs inside recovery: a handler that panics is
// counted as 5xx.
func (s *Server) metrics(c *gin.Context) {
	start := time.Now()
	done := false
	defer func() {
		status := c.Writer.Status()
		if !done { // a panic is unwinding; recovery answers 500
			status = http.StatusInternalServerError
		}
		method := c.Request.Method
		if !knownMethods[method] {
			method = "other"
		}
		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}
		class := strconv.Itoa(status/100) + "xx"
		h := s.hard()
		h.requests.WithLabelValues(method, route, class).Inc()
		h.latency.WithLabelValues(method, route, class).Observe(time.Since(start).Seconds())
	}()
	c.Next()
	done = true
}

// metricsRoutes registers GET /metrics, which serves, in the Prometheus
// text format and to any token (a scraper uses a viewer token), for
// whoever runs relmap:
//
//	relmap_http_requests_total{method,route,class}            counter
//	relmap_http_request_duration_seconds{method,route,class}  histogram
//	relmap_http_rate_limited_total                            counter
//	relmap_snapshot_build_seconds{read}                       histogram
//	relmap_store_errors_total{code}                           counter
//	go_* and process_*                                        the Go runtime and the process
//
// route is the route pattern (gin's FullPath, "/api/v1/persons/:id"), or
// "unmatched" for a path that is no route, never the raw path: raw paths
// would give every id a series of its own. class is the status class
// ("2xx" … "5xx"); method is one of the HTTP methods or "other". A store
// error is a request answered with the code unavailable (503) or internal
// (500). Every Server has its own registry, so that two servers in one
// process (tests) count apart.
//
// It also times each snapshot rebuild: through ObserveBuilds when
// s.Snapshots has it (analysis.Cache, whose refreshes may run in the
// background), else by wrapping s.Snapshots (timedSnapshots).
func (s *Server) metricsRoutes(r *gin.Engine) {
	switch sn := s.Snapshots.(type) {
	case nil, *timedSnapshots:
	case interface {
		ObserveBuilds(func(time.Duration, bool))
	}:
		builds := s.hard().snapshots
		sn.ObserveBuilds(func(d time.Duration, whole bool) { builds.WithLabelValues(readLabel(whole)).Observe(d.Seconds()) })
	default:
		s.Snapshots = &timedSnapshots{Snapshotter: s.Snapshots, builds: s.hard().snapshots}
	}
	h := promhttp.HandlerFor(s.hard().registry, promhttp.HandlerOpts{})
	r.GET("/metrics", need(auth.Viewer), gin.WrapH(h))
}

// readLabel names how a snapshot was brought up to date, for the read
// label of relmap_snapshot_build_seconds: "whole" when it read the whole
// network, "derived" when it came from the previous snapshot.
func readLabel(whole bool) string {
	if whole {
		return "whole"
	}
	return "derived"
}

// timedSnapshots observes the time of each snapshot rebuild. A Snapshotter
// answers from its cache until the store changes, so a call is a rebuild
// when it returns a snapshot other than the one before (counted as
// read=whole: a wrapped Snapshotter does not say how it built); of
// concurrent callers that waited for the same rebuild, one observes it.
type timedSnapshots struct {
	Snapshotter
	builds *prometheus.HistogramVec
	last   atomic.Pointer[analysis.Snapshot]
}

func (t *timedSnapshots) Snapshot(ctx context.Context) (*analysis.Snapshot, error) {
	start := time.Now()
	snap, err := t.Snapshotter.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	if old := t.last.Load(); old != snap && t.last.CompareAndSwap(old, snap) {
		t.builds.WithLabelValues(readLabel(true)).Observe(time.Since(start).Seconds())
	}
	return snap, nil
}
