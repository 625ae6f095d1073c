package render

import (
	"bufio"
	"container/list"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"

	"github.com/relmap/relmap/graph"
)

// A layouter lays DOT out into SVG: the process's own Graphviz instance
// (inProcess) or a worker process (worker). One layouter runs one layout
// at a time; the pool hands each to one caller.
type layouter interface {
	layout(dot []byte, engine Engine, maxNodes int) ([]byte, error)
}

// inProcess is the Graphviz instance of this process (see gv).
type inProcess struct{}

func (inProcess) layout(dot []byte, engine Engine, maxNodes int) ([]byte, error) {
	return layout(dot, engine, maxNodes)
}

// SetLayouts lets up to n layouts run at once: the process's own Graphviz
// instance and n-1 worker processes, each made by command and started
// when a layout first needs it. A worker process must call ServeWorker on
// its standard input and output (relmap's hidden "graphviz-worker"
// subcommand does). n ≤ 1, or a nil command, means one layout at a time,
// in this process: the default.
//
// SetLayouts may be called at any time: a larger n adds workers at once,
// a smaller one stops the surplus workers as their layouts finish.
func SetLayouts(n int, command func() *exec.Cmd) {
	if command == nil {
		n = 1
	}
	n = max(1, n)
	gv.mu.Lock()
	defer gv.mu.Unlock()
	gv.pool.command = command
	gv.pool.size = n
	for gv.pool.made < n {
		gv.pool.made++
		gv.pool.release(&worker{command: command})
	}
	// Surplus workers that are idle stop now; busy ones when they finish.
	kept := gv.pool.free[:0]
	for _, l := range gv.pool.free {
		if w, ok := l.(*worker); ok && gv.pool.made > n {
			gv.pool.made--
			w.stop()
			continue
		}
		kept = append(kept, l)
	}
	gv.pool.free = kept
}

// SelfWorkers returns a command for SetLayouts that starts this
// executable again with args, which must make it call ServeWorker; the
// worker's standard error is this process's. It fails when the
// executable's path is not known.
func SelfWorkers(args ...string) (func() *exec.Cmd, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("render: graphviz workers: %w", err)
	}
	return func() *exec.Cmd {
		cmd := exec.Command(exe, args...)
		cmd.Stderr = os.Stderr
		return cmd
	}, nil
}

// pool hands the layouters out in the order they were asked for: a fair
// queue. Its user holds gv.mu.
type pool struct {
	size    int              // layouters wanted (SetLayouts)
	made    int              // layouters that exist, in use or free
	free    []layouter       // idle ones
	waiting *list.List       // of chan layouter, first come first served
	command func() *exec.Cmd // starts a worker process
}

// acquire returns a free layouter, or a channel that receives one when
// its turn comes.
func (p *pool) acquire() (layouter, chan layouter, *list.Element) {
	if n := len(p.free); n > 0 {
		l := p.free[n-1]
		p.free = p.free[:n-1]
		return l, nil, nil
	}
	if p.waiting == nil {
		p.waiting = list.New()
	}
	ch := make(chan layouter, 1)
	return nil, ch, p.waiting.PushBack(ch)
}

// leave takes a caller that stopped waiting out of the queue; when its
// turn had already come, the layouter goes back.
func (p *pool) leave(ch chan layouter, e *list.Element) {
	select {
	case l := <-ch:
		p.release(l)
	default:
		p.waiting.Remove(e)
	}
}

// release gives l to the first caller in the queue, or keeps it idle; a
// worker beyond the pool's size stops.
func (p *pool) release(l layouter) {
	if w, ok := l.(*worker); ok && p.made > p.size {
		p.made--
		w.stop()
		return
	}
	if p.waiting != nil && p.waiting.Len() > 0 {
		ch := p.waiting.Remove(p.waiting.Front()).(chan layouter)
		ch <- l
		return
	}
	p.free = append(p.free, l)
}

// worker is a Graphviz layout run in a separate process, which has its
// own WebAssembly instance of Graphviz (go-graphviz keeps one per
// process). It is started on first use and again after it failed.
type worker struct {
	command func() *exec.Cmd

	mu   sync.Mutex // held during a layout; stop takes it too
	cmd  *exec.Cmd
	in   io.WriteCloser
	enc  *gob.Encoder
	dec  *gob.Decoder
	done bool // stopped for good
}

// workerRequest and workerResponse are what a worker reads and writes, in
// gob, one after the other.
type workerRequest struct {
	DOT      []byte
	Engine   Engine
	MaxNodes int
}

type workerResponse struct {
	SVG []byte
	// An error: Code and Field of a *graph.Error, TooLarge for
	// ErrTooLarge; Code graph.EINTERNAL for anything else, whose text is
	// Message.
	Code     string
	Field    string
	Message  string
	TooLarge bool
}

func (w *worker) start() error {
	cmd := w.command()
	in, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	w.cmd, w.in = cmd, in
	w.enc, w.dec = gob.NewEncoder(in), gob.NewDecoder(bufio.NewReader(out))
	return nil
}

// layout sends the DOT to the worker process and reads its answer. A
// worker that cannot be started, or that fails or exits during a layout,
// is an internal error; it is started afresh for the next layout.
func (w *worker) layout(dot []byte, engine Engine, maxNodes int) ([]byte, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return nil, errors.New("render: svg: graphviz worker stopped")
	}
	if w.cmd == nil {
		if err := w.start(); err != nil {
			return nil, fmt.Errorf("render: svg: start graphviz worker: %w", err)
		}
	}
	var resp workerResponse
	err := w.enc.Encode(workerRequest{DOT: dot, Engine: engine, MaxNodes: maxNodes})
	if err == nil {
		err = w.dec.Decode(&resp)
	}
	if err != nil {
		w.kill()
		return nil, fmt.Errorf("render: svg: graphviz worker: %w", err)
	}
	return resp.SVG, resp.err()
}

// stop ends the worker process once its layout (if any) is done.
func (w *worker) stop() {
	go func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		w.done = true
		if w.cmd != nil {
			_ = w.in.Close() // the worker returns from ServeWorker
			_ = w.cmd.Wait()
			w.cmd = nil
		}
	}()
}

// kill ends a worker process that failed; w.mu is held.
func (w *worker) kill() {
	_ = w.cmd.Process.Kill()
	_ = w.cmd.Wait()
	w.cmd = nil
}

func (r *workerResponse) err() error {
	switch {
	case r.Code == "":
		return nil
	case r.TooLarge:
		return tooLarge(r.Message)
	case r.Code == graph.EINTERNAL:
		return fmt.Errorf("render: svg: graphviz worker: %s", r.Message)
	}
	return &graph.Error{Code: r.Code, Field: r.Field, Message: r.Message}
}

func responseOf(svg []byte, err error) workerResponse {
	var ge *graph.Error
	switch {
	case err == nil:
		return workerResponse{SVG: svg}
	case errors.Is(err, ErrTooLarge):
		return workerResponse{Code: graph.EINVALID, Message: graph.ErrorMessage(err), TooLarge: true}
	case errors.As(err, &ge) && ge.Code != graph.EINTERNAL:
		return workerResponse{Code: ge.Code, Field: ge.Field, Message: ge.Message}
	}
	return workerResponse{Code: graph.EINTERNAL, Message: err.Error()}
}

// ServeWorker makes this process a Graphviz worker for another one's
// SetLayouts: it reads layout requests from r and writes their pictures
// to w, one at a time, until r ends (the other process closed it or
// exited), and then returns nil. It runs the layouts in this process's
// own Graphviz instance, so nothing else in the process may render.
func ServeWorker(ctx context.Context, r io.Reader, w io.Writer) error {
	dec := gob.NewDecoder(bufio.NewReader(r))
	bw := bufio.NewWriter(w)
	enc := gob.NewEncoder(bw)
	for ctx.Err() == nil {
		var req workerRequest
		if err := dec.Decode(&req); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fmt.Errorf("render: graphviz worker: read: %w", err)
		}
		if err := enc.Encode(responseOf(layout(req.DOT, req.Engine, req.MaxNodes))); err != nil {
			return fmt.Errorf("render: graphviz worker: write: %w", err)
		}
		if err := bw.Flush(); err != nil {
			return fmt.Errorf("render: graphviz worker: write: %w", err)
		}
	}
	return ctx.Err()
}
