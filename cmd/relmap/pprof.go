//go:build pprof

package main

import (
	"net/http"
	_ "net/http/pprof" // registers /debug/pprof on http.DefaultServeMux
	"os"
)

// A binary built with -tags pprof serves Go's profiles on
// RELMAP_PPROF_ADDR (loopback only; for bench/servemem.sh -profile), on a
// listener of its own, never on the API's router.
func init() {
	addr := os.Getenv("RELMAP_PPROF_ADDR")
	if addr == "" {
		return
	}
	go func() { _ = http.ListenAndServe(addr, nil) }()
}
