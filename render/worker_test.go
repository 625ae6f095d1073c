package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
)

// testWorkerEnv makes the test binary a Graphviz worker (TestMain), as
// relmap's graphviz-worker subcommand makes relmap one.
const testWorkerEnv = "RELMAP_RENDER_TEST_WORKER"

func TestMain(m *testing.M) {
	if os.Getenv(testWorkerEnv) == "1" {
		if err := ServeWorker(context.Background(), os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// testWorker starts this test binary as a Graphviz worker.
func testWorker() *exec.Cmd {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), testWorkerEnv+"=1")
	cmd.Stderr = os.Stderr
	return cmd
}

// useLayouts runs the rest of the test with n layouters, and one again
// after it.
func useLayouts(t *testing.T, n int) {
	SetLayouts(n, testWorker)
	t.Cleanup(func() { SetLayouts(1, nil) })
}

// TestWorkerLayout: a worker process draws the same bytes as this
// process, and its refusals keep their code, field and ErrTooLarge.
func TestWorkerLayout(t *testing.T) {
	w := &worker{command: testWorker}
	defer w.stop()
	dot := chainDOT(5)
	want, err := layout(dot, Dot, DefaultMaxNodes)
	if err != nil {
		t.Fatal(err)
	}
	got, err := w.layout(dot, Dot, DefaultMaxNodes)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the worker's SVG differs from this process's:\n%s\n---\n%s", got, want)
	}
	_, err = w.layout([]byte("graph { a -- }"), Dot, DefaultMaxNodes)
	var ge *graph.Error
	if !errors.As(err, &ge) || ge.Code != graph.EINVALID || ge.Field != "dot" {
		t.Errorf("DOT that does not parse: %v, want EINVALID on dot", err)
	}
	_, err = w.layout(chainDOT(11), Dot, 10)
	if !errors.Is(err, ErrTooLarge) || graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("over the cap: %v, want ErrTooLarge", err)
	}
	// A worker that died is started again for the next layout.
	w.mu.Lock()
	_ = w.cmd.Process.Kill()
	w.mu.Unlock()
	if _, err := w.layout(dot, Dot, DefaultMaxNodes); err == nil {
		t.Error("a layout on a killed worker succeeded")
	}
	if got, err := w.layout(dot, Dot, DefaultMaxNodes); err != nil || !bytes.Equal(got, want) {
		t.Errorf("after a restart: %v", err)
	}
}

// TestSVGParallel: with two layouters, a second layout starts while the
// first is still running (the first is held at its start until the
// second has started). With one layouter this waits forever, so the
// guard below fails it after a minute — a deadlock guard, not a time
// being measured.
func TestSVGParallel(t *testing.T) {
	useLayouts(t, 2)
	var started sync.WaitGroup
	started.Add(2)
	all := make(chan struct{})
	gv.mu.Lock()
	gv.testHookStart = func() {
		started.Done()
		<-all
	}
	gv.mu.Unlock()
	defer func() {
		gv.mu.Lock()
		gv.testHookStart = nil
		gv.mu.Unlock()
	}()
	go func() { started.Wait(); close(all) }()
	errs := make(chan error, 2)
	for i := range 2 {
		go func() {
			_, err := SVG(context.Background(), chainDOT(60+i), Dot, nil)
			errs <- err
		}()
	}
	for range 2 {
		select {
		case err := <-errs:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(time.Minute):
			t.Fatal("the second layout did not start while the first ran: layouts are not parallel")
		}
	}
}

// TestSVGFairWithLayouters: more layouts than layouters all finish, each
// with its own picture, and the pool shrinks back afterwards.
func TestSVGFairWithLayouters(t *testing.T) {
	useLayouts(t, 2)
	var wg sync.WaitGroup
	out := make([][]byte, 6)
	errs := make([]error, 6)
	for i := range out {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i], errs[i] = SVG(context.Background(), chainDOT(70+i), Dot, nil)
		}()
	}
	wg.Wait()
	for i := range out {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if !bytes.Contains(out[i], []byte(fmt.Sprintf("<title>n%d</title>", 69+i))) {
			t.Errorf("render %d is not its chain", i)
		}
	}
	SetLayouts(1, nil)
	gv.mu.Lock()
	defer gv.mu.Unlock()
	if gv.pool.made != 1 || len(gv.pool.free) != 1 {
		t.Errorf("after SetLayouts(1): %d layouters, %d free; want 1 and 1", gv.pool.made, len(gv.pool.free))
	}
}

// BenchmarkSixAtOnce measures what the issue asks of parallel renders:
// six different larger pictures asked for at once, against one alone,
// with one layouter and with one per core. It reports the ratio of the
// slowest of the six to one alone (about 6 with one layouter, about
// 6/cores with one per core on an idle machine) and the load average
// (other work on the machine takes cores from the layouters), and asserts
// nothing:
//
//	go test ./render -run '^$' -bench SixAtOnce -benchtime 1x
func BenchmarkSixAtOnce(b *testing.B) {
	// A tree-like network of 1,500 nodes in sfdp, as the network picture
	// lays out a larger filter; the seed makes each picture different, so
	// that neither the cache nor shared layouts help.
	net := func(seed, n int) []byte {
		var s strings.Builder
		s.WriteString("graph { graph [overlap=scale, splines=false] node [shape=circle, label=\" \", width=0.1]\n")
		for i := 1; i < n; i++ {
			fmt.Fprintf(&s, "n%d -- n%d\nn%d -- n%d\n", i, (i*7+seed)%i, i, (i*13+5+seed)%n)
		}
		s.WriteString("}\n")
		return []byte(s.String())
	}
	seed := 0
	draw := func() time.Duration {
		seed++
		t := time.Now()
		if _, err := SVG(context.Background(), net(seed, 1500), SFDP, nil); err != nil {
			b.Fatal(err)
		}
		return time.Since(t)
	}
	for _, n := range []int{1, runtime.NumCPU()} {
		b.Run(fmt.Sprintf("layouts=%d", n), func(b *testing.B) {
			SetLayouts(n, testWorker)
			defer SetLayouts(1, nil)
			for range b.N {
				// Warm every layouter (a worker's first layout starts it).
				var wg sync.WaitGroup
				for range n {
					wg.Go(func() { draw() })
				}
				wg.Wait()
				alone := draw()
				var mu sync.Mutex
				var slowest time.Duration
				for range 6 {
					wg.Go(func() {
						d := draw()
						mu.Lock()
						slowest = max(slowest, d)
						mu.Unlock()
					})
				}
				wg.Wait()
				b.ReportMetric(alone.Seconds(), "s-alone")
				b.ReportMetric(slowest.Seconds(), "s-slowest-of-6")
				b.ReportMetric(float64(slowest)/float64(alone), "ratio")
				// Other work on the machine moves the ratio: say how much.
				if la, err := os.ReadFile("/proc/loadavg"); err == nil {
					var load float64
					if _, err := fmt.Sscan(string(la), &load); err == nil {
						b.ReportMetric(load, "load1")
					}
				}
			}
		})
	}
}
