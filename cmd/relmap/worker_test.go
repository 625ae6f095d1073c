package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"testing"

	"github.com/relmap/relmap/render"
)

// TestMain lets the test binary be a Graphviz worker, as relmap serve
// starts relmap: "relmap.test graphviz-worker".
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == graphvizWorker {
		if err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdout, io.Discard); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestGraphvizWorker: with two layouts, pictures are drawn through the
// hidden graphviz-worker subcommand (the first free layouter is the
// worker) and come out as this process draws them.
func TestGraphvizWorker(t *testing.T) {
	useLayouts(2, slog.New(slog.DiscardHandler))
	t.Cleanup(func() { render.SetLayouts(1, nil) })
	var wg sync.WaitGroup
	out := make([][]byte, 4)
	errs := make([]error, 4)
	for i := range out {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i], errs[i] = render.SVG(t.Context(), []byte(fmt.Sprintf("digraph { a -> b%d }", i)), render.Dot, nil)
		}()
	}
	wg.Wait()
	for i := range out {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if !bytes.Contains(out[i], []byte(fmt.Sprintf("<title>b%d</title>", i))) {
			t.Errorf("picture %d:\n%s", i, out[i])
		}
	}
}
