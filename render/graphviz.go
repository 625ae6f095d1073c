package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"

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

// gv is the process's one Graphviz instance. go-graphviz runs Graphviz as a
// single WebAssembly module instance per process (compiled and instantiated
// when the package initialises), whose C state is not safe for concurrent
// use, so every call into it — parse, layout, render, close — holds the
// slot. The instance is created on first use and kept for the life of the
// process.
var gv struct {
	slot chan struct{} // capacity 1: holding it is holding the lock
	inst *graphviz.Graphviz
}

func init() { gv.slot = make(chan struct{}, 1) }

// SVG lays out dot with engine and returns the picture as SVG.
//
// Input errors are values of type *graph.Error with code graph.EINVALID: an
// unknown engine, DOT that does not parse, or a graph with more nodes than
// opts.MaxNodes (the message suggests a filter). A render that the context
// cuts short returns an error that is both a *graph.Error with code
// graph.EUNAVAILABLE (try again with a filter) and, for errors.Is, the
// context's error (context.DeadlineExceeded or context.Canceled), so an
// HTTP layer can answer 504.
//
// Concurrency: SVG is safe for concurrent use, but renders run one at a
// time — go-graphviz has one WebAssembly instance per process. A call waits
// for its turn until ctx is done. Graphviz itself cannot be interrupted:
// when ctx ends during a layout, SVG returns at once and the layout runs on
// in the background, holding the turn until it finishes. The node cap is
// therefore the real bound on the work; the context bounds the caller's
// wait. Nothing else in the process may call go-graphviz.
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
	select {
	case gv.slot <- struct{}{}:
	case <-ctx.Done():
		return nil, cutShort(ctx.Err())
	}
	type result struct {
		svg []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		defer func() { <-gv.slot }()
		svg, err := layout(dot, engine, maxNodes)
		done <- result{svg, err}
	}()
	select {
	case r := <-done:
		return r.svg, r.err
	case <-ctx.Done():
		return nil, cutShort(ctx.Err())
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

// layout does SVG's work; the caller holds gv.slot. It recovers from a
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
