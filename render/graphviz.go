package render

import (
	"bytes"
	"container/list"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sync"
	"time"

	"github.com/goccy/go-graphviz"

	"github.com/relmap/relmap/graph"
)

// Engine is a Graphviz layout engine.
type Engine string

// The layout engines SVG accepts.
const (
	// Dot draws hierarchies and chains left to right or top to bottom: paths
	// and small ego networks.
	Dot Engine = "dot"
	// Neato places nodes by stress majorisation; nodes with pos="x,y!" stay
	// where they are.
	Neato Engine = "neato"
	// Nop is "neato -n": every node must carry a pos (in points) and keeps
	// it exactly; edges are drawn straight (splines=false). The matrix uses
	// it: its DOT also lays out with plain neato (the positions are pinned
	// and inputscale=72), only translated.
	Nop Engine = "nop"
	// FDP and SFDP are force-directed; SFDP scales to whole networks. Do not
	// combine them with overlap=false in this WASM build (see GRAPHVIZ.md).
	FDP  Engine = "fdp"
	SFDP Engine = "sfdp"
	// Circo and Twopi are circular and radial layouts.
	Circo Engine = "circo"
	Twopi Engine = "twopi"
)

// Engines lists every Engine SVG accepts.
var Engines = []Engine{Dot, Neato, Nop, FDP, SFDP, Circo, Twopi}

// Valid reports whether e is one of Engines.
func (e Engine) Valid() bool { return slices.Contains(Engines, e) }

// DefaultMaxNodes is the node cap SVG applies when SVGOptions.MaxNodes is 0.
// A pinned layout of that size renders in well under a second; a force
// layout of that size takes about a second with sfdp (see GRAPHVIZ.md).
const DefaultMaxNodes = 3000

// SVGOptions bounds a render. The zero value (or nil) means the defaults.
type SVGOptions struct {
	// MaxNodes is the largest number of nodes the graph may have;
	// 0 means DefaultMaxNodes. A larger graph is refused with EINVALID
	// before any layout runs.
	MaxNodes int
}

// ErrTooLarge matches (errors.Is) every error that refuses a picture for
// its size: a node or stakeholder cap, or a PNG over MaxPNGPixels. Such an
// error is also a *graph.Error with code graph.EINVALID whose message
// suggests a filter; an HTTP layer answers it with 422 rather than 400,
// since the request was well formed but asks for more than one picture can
// show.
var ErrTooLarge = errors.New("render: the picture is too large")

// tooLarge returns the error of a picture refused for its size: a
// *graph.Error with code EINVALID and message msg that also matches
// ErrTooLarge.
func tooLarge(msg string) error {
	return &tooLargeError{&graph.Error{Code: graph.EINVALID, Message: msg}}
}

type tooLargeError struct{ e *graph.Error }

func (e *tooLargeError) Error() string   { return e.e.Error() }
func (e *tooLargeError) Unwrap() []error { return []error{e.e, ErrTooLarge} }

// ErrBusy matches (errors.Is) every error that refuses a picture because
// the Graphviz queue would not reach it before the caller's deadline
// (BusyError): an HTTP layer answers it with 503 and Retry-After instead
// of letting the client wait for a 504.
var ErrBusy = errors.New("render: graphviz is busy")

// BusyError refuses a render because the queue ahead of it is longer than
// the caller can wait. It is a *graph.Error with code graph.EUNAVAILABLE
// for the error table and matches ErrBusy; RetryAfter is how long the
// queue needs by its measured render times.
type BusyError struct {
	RetryAfter time.Duration
	e          *graph.Error
}

func (e *BusyError) Error() string   { return e.e.Error() }
func (e *BusyError) Unwrap() []error { return []error{e.e, ErrBusy} }

// RetryAfterSeconds is RetryAfter in whole seconds, rounded up, at least 1.
func (e *BusyError) RetryAfterSeconds() int {
	return max(1, int(math.Ceil(e.RetryAfter.Seconds())))
}

func busy(wait time.Duration) error {
	return &BusyError{RetryAfter: wait, e: &graph.Error{Code: graph.EUNAVAILABLE,
		Message: fmt.Sprintf("the server is drawing other pictures: try again in %d s", max(1, int(math.Ceil(wait.Seconds()))))}}
}

// gv is the process's Graphviz and the fair queue in front of it.
// go-graphviz runs Graphviz as a single WebAssembly module instance per
// process (a package-level module, compiled and instantiated when the
// package initialises), whose C state is not safe for concurrent use, and
// a second instance cannot be made in the same process. So this process
// runs one layout at a time, and every call into it — parse, layout,
// render, close — holds it; further layouts run at the same time in
// worker processes, each with its own instance (SetLayouts, worker.go).
//
// The queue is fair: the layouters (this process and the workers) go to
// the layouts in the order they were asked for (pool). Requests for a
// picture already being drawn wait for that one layout instead of
// queueing their own (the DOT is a function of the data, so equal DOT is
// an equal picture), and the last CacheBytes of pictures are kept, keyed
// by their DOT. A request whose deadline comes before the queue can reach
// it, by the measured time of a layout and the number of layouters, is
// refused at once with a BusyError.
var gv struct {
	inst *graphviz.Graphviz // this process's instance; used by one layout at a time (inProcess)

	mu      sync.Mutex
	pool    pool
	calls   map[[32]byte]*layoutCall // layouts asked for and not yet done
	pending int                      // of them, the ones queued or running
	avg     time.Duration            // moving average of a layout's time
	layouts int64                    // layouts run (for tests)
	cache   svgCache

	testHookStart func() // called as a layout starts (for tests)
}

func init() {
	gv.pool = pool{size: 1, made: 1, free: []layouter{inProcess{}}}
	gv.calls = map[[32]byte]*layoutCall{}
	gv.avg = initialLayoutTime
}

// queueWait is how long a layout asked for now waits for its turn, with
// pending layouts queued or running ahead of it: the rounds of layouts
// ahead of it on gv.pool.size layouters, each of the average time. The
// caller holds gv.mu.
func queueWait(pending int) time.Duration {
	return time.Duration(pending/gv.pool.size) * gv.avg
}

// initialLayoutTime is the time a layout is expected to take before one
// has been measured; minLayoutTime bounds the estimate from below.
const (
	initialLayoutTime = 250 * time.Millisecond
	minLayoutTime     = 10 * time.Millisecond
)

// CacheBytes is how many bytes of laid-out SVG are kept for repeated
// pictures.
const CacheBytes = 32 << 20

// layoutCall is one layout that one or more callers wait for.
type layoutCall struct {
	done    chan struct{}
	svg     []byte
	err     error
	waiters int
	started bool
	cancel  context.CancelFunc // leaves the queue when every caller has gone
}

// SVG lays out dot with engine and returns the picture as SVG.
//
// Input errors are values of type *graph.Error with code graph.EINVALID: an
// unknown engine, DOT that does not parse, or a graph with more nodes than
// opts.MaxNodes (the message suggests a filter). A render that the context
// cuts short during its layout returns an error that is both a
// *graph.Error with code graph.EUNAVAILABLE (try again with a filter) and,
// for errors.Is, the context's error (context.DeadlineExceeded or
// context.Canceled), so an HTTP layer can answer 504. A render whose turn
// would not come before ctx's deadline — by the number of layouts ahead of
// it and their measured average time — or whose context ends while it
// still waits for its turn, returns a *BusyError (EUNAVAILABLE, ErrBusy)
// saying how long to wait, so that an HTTP layer can answer 503 with
// Retry-After.
//
// Concurrency: SVG is safe for concurrent use; layouts run in the order
// asked for, as many at once as SetLayouts allows (one by default; see
// gv). Callers asking for the same DOT
// share one layout, and recent pictures come from a cache. Graphviz
// itself cannot be interrupted: when ctx ends during a layout, SVG returns
// at once and the layout runs on in the background, holding the turn
// until it finishes. The node cap is therefore the real bound on the work;
// the context bounds the caller's wait. Nothing else in the process may
// call go-graphviz.
func SVG(ctx context.Context, dot []byte, engine Engine, opts *SVGOptions) ([]byte, error) {
	if !engine.Valid() {
		return nil, graph.Invalid("engine", "%q is not one of %v", engine, Engines)
	}
	maxNodes := DefaultMaxNodes
	if opts != nil && opts.MaxNodes > 0 {
		maxNodes = opts.MaxNodes
	}
	if err := ctx.Err(); err != nil {
		return nil, cutShort(err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d\x00", engine, maxNodes)
	h.Write(dot)
	var key [32]byte
	h.Sum(key[:0])

	gv.mu.Lock()
	if svg, ok := gv.cache.get(key); ok {
		gv.mu.Unlock()
		return svg, nil
	}
	c, ok := gv.calls[key]
	if !ok {
		// Admission: when other layouts are ahead, they and this one must
		// fit before the deadline. (Alone, a layout always runs: the node
		// cap bounds it, and a context that ends during it is a 504.)
		wait := queueWait(gv.pending)
		if deadline, has := ctx.Deadline(); has && wait > 0 && time.Until(deadline) < wait+gv.avg {
			wait += gv.avg
			gv.mu.Unlock()
			return nil, busy(wait)
		}
		lctx, cancel := context.WithCancel(context.Background())
		c = &layoutCall{done: make(chan struct{}), cancel: cancel}
		gv.calls[key] = c
		gv.pending++
		go run(lctx, key, c, dot, engine, maxNodes)
	}
	c.waiters++
	gv.mu.Unlock()

	select {
	case <-c.done:
		return c.svg, c.err
	case <-ctx.Done():
		gv.mu.Lock()
		defer gv.mu.Unlock()
		c.waiters--
		if !c.started {
			if c.waiters == 0 {
				c.cancel() // nobody waits: leave the queue
			}
			return nil, busy(queueWait(gv.pending))
		}
		return nil, cutShort(ctx.Err())
	}
}

// run waits for a layouter, lays dot out and hands the result to c's
// callers; it leaves the queue when ctx ends before its turn.
func run(ctx context.Context, key [32]byte, c *layoutCall, dot []byte, engine Engine, maxNodes int) {
	defer c.cancel()
	finish := func(svg []byte, err error, took time.Duration) {
		gv.mu.Lock()
		c.svg, c.err = svg, err
		delete(gv.calls, key)
		gv.pending--
		if took > 0 {
			gv.layouts++
			gv.avg = max(minLayoutTime, (7*gv.avg+3*took)/10)
		}
		if err == nil {
			gv.cache.put(key, svg)
		}
		gv.mu.Unlock()
		close(c.done)
	}
	gv.mu.Lock()
	l, turn, e := gv.pool.acquire()
	gv.mu.Unlock()
	if l == nil {
		select {
		case l = <-turn:
		case <-ctx.Done():
			gv.mu.Lock()
			gv.pool.leave(turn, e)
			gv.mu.Unlock()
			finish(nil, busy(0), 0)
			return
		}
	}
	gv.mu.Lock()
	c.started = true
	hook := gv.testHookStart
	gv.mu.Unlock()
	if hook != nil {
		hook()
	}
	start := time.Now()
	svg, err := l.layout(dot, engine, maxNodes)
	took := time.Since(start)
	gv.mu.Lock()
	gv.pool.release(l)
	gv.mu.Unlock()
	finish(svg, err, took)
}

// svgCache keeps laid-out pictures by their key, dropping the least
// recently used beyond CacheBytes. Its user holds gv.mu.
type svgCache struct {
	order *list.List // of *cacheEntry, most recent first
	byKey map[[32]byte]*list.Element
	bytes int
}

type cacheEntry struct {
	key [32]byte
	svg []byte
}

func (c *svgCache) get(key [32]byte) ([]byte, bool) {
	if c.byKey == nil {
		return nil, false
	}
	e, ok := c.byKey[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cacheEntry).svg, true
}

func (c *svgCache) put(key [32]byte, svg []byte) {
	if len(svg) > CacheBytes/4 {
		return // a picture this large would push out all the others
	}
	if c.byKey == nil {
		c.order, c.byKey = list.New(), map[[32]byte]*list.Element{}
	}
	if _, ok := c.byKey[key]; ok {
		return
	}
	c.byKey[key] = c.order.PushFront(&cacheEntry{key, svg})
	c.bytes += len(svg)
	for c.bytes > CacheBytes {
		last := c.order.Back()
		e := last.Value.(*cacheEntry)
		c.order.Remove(last)
		delete(c.byKey, e.key)
		c.bytes -= len(e.svg)
	}
}

// cutShort wraps a context error for SVG's callers: a graph.Error for the
// error table and the context error for errors.Is.
func cutShort(err error) error {
	return fmt.Errorf("render: svg: %w: %w", &graph.Error{
		Code:    graph.EUNAVAILABLE,
		Message: "the picture took longer to draw than allowed; narrow it with a filter and try again",
	}, err)
}

// layout does SVG's work in this process; the caller holds inProcess. It recovers from a
// panic in go-graphviz (which panics on errors inside its callbacks) and
// reports it as an internal error.
func layout(dot []byte, engine Engine, maxNodes int) (svg []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			svg, err = nil, fmt.Errorf("render: svg: graphviz panicked: %v", p)
		}
	}()
	// go-graphviz's calls take a context but never look at it (its wazero
	// runtime is not configured to), so Background is as good as any; SVG
	// watches the caller's context instead.
	ctx := context.Background()
	if gv.inst == nil { // first use, or an earlier start failed
		inst, err := graphviz.New(ctx)
		if err != nil {
			return nil, fmt.Errorf("render: svg: start graphviz: %w", err)
		}
		gv.inst = inst
	}
	g, err := graphviz.ParseBytes(dot)
	if err != nil {
		return nil, &graph.Error{Code: graph.EINVALID, Field: "dot", Message: "the DOT does not parse: " + err.Error()}
	}
	defer g.Close()
	n, err := g.NodeNum()
	if err != nil {
		return nil, fmt.Errorf("render: svg: count nodes: %w", err)
	}
	if n > maxNodes {
		return nil, tooLarge(fmt.Sprintf(
			"the picture would have %d nodes, more than the limit of %d: narrow it with a filter (segment, party type, employee, or a focus node with a depth)",
			n, maxNodes))
	}
	gv.inst.SetLayout(graphviz.Layout(engine))
	var buf bytes.Buffer
	if err := gv.inst.Render(ctx, g, graphviz.SVG, &buf); err != nil {
		return nil, fmt.Errorf("render: svg: %s layout: %w", engine, err)
	}
	return blankText.ReplaceAll(buf.Bytes(), nil), nil
}

// blankText matches a <text> element that holds only white space, on a
// line of its own as Graphviz writes it: what a label=" " draws.
var blankText = regexp.MustCompile(`(?m)^<text [^>]*>\s*</text>\n`)
