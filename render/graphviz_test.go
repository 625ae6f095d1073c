package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
)

// chainDOT returns a path graph of n nodes.
func chainDOT(n int) []byte {
	var b strings.Builder
	b.WriteString("graph { splines=false\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "n%d -- n%d\n", i-1, i)
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

func TestSVGInputErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		dot    string
		engine Engine
		opts   *SVGOptions
		field  string
		msg    string
	}{
		{"engine", "graph { a }", "magic", nil, "engine", "not one of"},
		{"syntax", "graph { a -- }", Dot, nil, "dot", "does not parse"},
		{"cap", string(chainDOT(11)), Dot, &SVGOptions{MaxNodes: 10}, "", "11 nodes, more than the limit of 10: narrow it with a filter"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := SVG(context.Background(), []byte(tc.dot), tc.engine, tc.opts)
			var ge *graph.Error
			if !errors.As(err, &ge) || ge.Code != graph.EINVALID || ge.Field != tc.field || !strings.Contains(ge.Message, tc.msg) {
				t.Fatalf("got %v, want EINVALID on field %q with %q", err, tc.field, tc.msg)
			}
		})
	}
	// At the cap is fine.
	if _, err := SVG(context.Background(), chainDOT(10), Dot, &SVGOptions{MaxNodes: 10}); err != nil {
		t.Fatal(err)
	}
}

// slowDOT is a graph whose neato layout with overlap removal takes a few
// hundred milliseconds in the WASM build (about 0.2 s for 100 nodes on a
// 2-core machine).
func slowDOT(n int) []byte {
	var b strings.Builder
	b.WriteString("graph { graph [overlap=false] node [shape=box, label=\"a node label\"]\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "n%d -- n%d\nn%d -- n%d\n", i, (i*7)%i, i, (i*13+5)%n)
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

// TestSVGTimeout: a render cut short returns with an error that is
// EUNAVAILABLE for the error table and DeadlineExceeded for errors.Is (no
// wall-clock bound: CI machines are loaded);
// the layout finishes in the background and the next render works.
func TestSVGTimeout(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := SVG(ctx, slowDOT(120), Neato, nil)
	if !errors.Is(err, context.DeadlineExceeded) || graph.ErrorCode(err) != graph.EUNAVAILABLE {
		t.Fatalf("got %v (code %q), want a deadline error with code unavailable", err, graph.ErrorCode(err))
	}
	if !strings.Contains(graph.ErrorMessage(err), "filter") {
		t.Errorf("message %q does not suggest a filter", graph.ErrorMessage(err))
	}
	// An expired context is refused before any work.
	if _, err := SVG(ctx, chainDOT(3), Dot, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("expired context: %v", err)
	}
	// The next render waits for the abandoned layout and succeeds.
	svg, err := SVG(context.Background(), chainDOT(3), Dot, nil)
	if err != nil || !bytes.Contains(svg, []byte("<svg")) {
		t.Fatalf("render after a timeout: %v", err)
	}
}

// TestSVGConcurrent renders from several goroutines at once (run with
// -race): renders are serialised and each gets its own picture.
func TestSVGConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	out := make([][]byte, 8)
	errs := make([]error, 8)
	for i := range out {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i], errs[i] = SVG(context.Background(), chainDOT(3+i), Dot, nil)
		}()
	}
	wg.Wait()
	for i := range out {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		want := fmt.Sprintf("<title>n%d</title>", 2+i)
		if !bytes.Contains(out[i], []byte(want)) || bytes.Contains(out[i], []byte(fmt.Sprintf("<title>n%d</title>", 3+i))) {
			t.Errorf("render %d is not the chain of %d nodes", i, 3+i)
		}
	}
}

// TestSVGBlankLabels: the blank <text> that label=" " leaves is removed,
// and no node falls back to showing its name.
func TestSVGBlankLabels(t *testing.T) {
	svg, err := SVG(context.Background(), []byte(`graph { node [label=" "] a [pos="0,0!"] b [pos="72,0!"] a -- b }`), Nop, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(svg, []byte("<text")); n != 0 {
		t.Errorf("%d <text> elements left:\n%s", n, svg)
	}
}

func TestFormat(t *testing.T) {
	for _, tc := range []struct {
		in, ct string
		ok     bool
	}{
		{"svg", "image/svg+xml", true},
		{" PNG ", "image/png", true},
		{"dot", "text/vnd.graphviz; charset=utf-8", true},
		{"gif", "", false},
	} {
		f, err := ParseFormat(tc.in)
		if (err == nil) != tc.ok || f.ContentType() != tc.ct {
			t.Errorf("ParseFormat(%q) = %q, %v", tc.in, f, err)
		}
		if err != nil && graph.ErrorCode(err) != graph.EINVALID {
			t.Errorf("ParseFormat(%q): code %q", tc.in, graph.ErrorCode(err))
		}
	}
}

// TestSVGBusy: while a layout holds Graphviz, a render whose deadline
// comes before the queue could reach it is refused at once with a
// BusyError — EUNAVAILABLE for the error table, ErrBusy for errors.Is and
// a time to retry after — instead of waiting out its deadline.
func TestSVGBusy(t *testing.T) {
	blocked := make(chan error, 1)
	go func() {
		_, err := SVG(context.Background(), slowDOT(200), Neato, nil) // a second or so of overlap removal
		blocked <- err
	}()
	for {
		gv.mu.Lock()
		n := gv.pending
		gv.mu.Unlock()
		if n > 0 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	_, err := SVG(ctx, chainDOT(37), Dot, nil)
	var be *BusyError
	if !errors.As(err, &be) || !errors.Is(err, ErrBusy) || graph.ErrorCode(err) != graph.EUNAVAILABLE || be.RetryAfterSeconds() < 1 {
		t.Fatalf("got %v, want a BusyError (unavailable) with a time to retry after", err)
	}
	if err := <-blocked; err != nil {
		t.Fatal(err)
	}
}

// TestSVGShared: callers asking for the same picture at once share one
// layout, and a later caller gets it from the cache: four renders of one
// DOT lay it out once.
func TestSVGShared(t *testing.T) {
	dot := chainDOT(41)
	gv.mu.Lock()
	before := gv.layouts
	gv.mu.Unlock()
	var wg sync.WaitGroup
	out := make([][]byte, 4)
	for i := range out {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if out[i], err = SVG(context.Background(), dot, Dot, nil); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	gv.mu.Lock()
	n := gv.layouts - before
	gv.mu.Unlock()
	if n != 1 {
		t.Errorf("%d layouts for four requests of one picture, want 1", n)
	}
	for i := range out {
		if !bytes.Equal(out[i], out[0]) {
			t.Errorf("render %d differs", i)
		}
	}
}
