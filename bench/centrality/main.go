// Command centrality times relmap's centrality and structure measures
// against python-igraph on the identical graph, in one run, and prints the
// ratios.
//
//	go run ./bench/centrality                       # 10k and 100k nodes
//	go run ./bench/centrality -sizes 10000 -python /usr/bin/python3
//
// For each size it generates a seeded preferential-attachment network
// (Barabási–Albert, m ties per new node: ~5n ties), with tie strengths drawn
// from {0.1, …, 1.0}, writes the identical edge list to a temporary file,
// times relmap on the snapshot, then runs bench/centrality/igraph.py (Debian
// python3-igraph) on that file and compares both timings and values.
//
//   - betweenness: in full when n ≤ -full-max (the 10k graph); otherwise
//     from a fixed seeded sample of -sources sources (BetweennessFrom vs
//     igraph's subset betweenness, see igraph.py);
//   - the ranked estimate BetweennessRanked (the top 20 at δ = 0.05,
//     sampled until the widest interval is within a fifth of the 20th
//     value): its samples, its bound beside the values it ranks, the ranks
//     it settles and, where the exact values are known, its observed
//     error;
//   - PageRank (weighted by strength, damping 0.85) vs igraph's PRPACK;
//   - Burt's constraint (weighted) vs igraph's constraint;
//   - effective size, Gould–Fernandez brokerage and Louvain communities
//     (relmap only: igraph has no effective size or brokerage).
//
// relmap uses runtime.GOMAXPROCS workers where the measure is parallel;
// igraph runs single-threaded. Times exclude building the graph on both
// sides (relmap caches its snapshot). Nothing needs n² memory. Each row
// shows the load average after it ran: other work on the machine slows
// both sides, relmap's parallel measures most. -json prints the rows as
// one JSON object per line (bench/ratios reads them).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
)

func main() {
	sizes := flag.String("sizes", "10000,100000", "comma-separated node counts")
	m := flag.Int("m", 5, "ties per new node (preferential attachment)")
	seed := flag.Uint64("seed", 2024, "generator seed")
	sources := flag.Int("sources", 200, "sampled sources for per-source betweenness on graphs above -full-max")
	fullMax := flag.Int("full-max", 20000, "largest n on which betweenness runs in full")
	asJSON := flag.Bool("json", false, "print the rows as JSON objects, one a line")
	python := flag.String("python", defaultPython(), "python with python3-igraph; empty skips igraph")
	script := flag.String("igraph", "bench/centrality/igraph.py", "the igraph side")
	communities := flag.Bool("communities", true, "also time Louvain communities")
	flag.Parse()

	if !*asJSON {
		fmt.Printf("relmap centrality bench: GOMAXPROCS=%d, %s, %s/%s\n", runtime.GOMAXPROCS(0), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	}
	for _, f := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < *m+1 {
			fatal(fmt.Errorf("bad size %q", f))
		}
		if err := run(n, *m, *seed, *sources, *fullMax, *python, *script, *communities, *asJSON); err != nil {
			fatal(err)
		}
	}
}

func defaultPython() string {
	if _, err := os.Stat("/usr/bin/python3"); err == nil {
		return "/usr/bin/python3" // Debian's, where python3-igraph lives
	}
	return "python3"
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "centrality bench:", err)
	os.Exit(1)
}

// preferentialAttachment returns a Barabási–Albert network: nodes 0…m form
// a clique, then every new node ties to m distinct earlier nodes chosen with
// probability proportional to their degree.
func preferentialAttachment(n, m int, seed uint64) (edges [][2]int32, strength []float64) {
	rng := rand.New(rand.NewPCG(seed, 1))
	ends := make([]int32, 0, 2*n*m)
	for u := 0; u <= m; u++ {
		for v := u + 1; v <= m; v++ {
			edges = append(edges, [2]int32{int32(u), int32(v)})
			ends = append(ends, int32(u), int32(v))
		}
	}
	chosen := make([]int32, 0, m)
	for v := m + 1; v < n; v++ {
		chosen = chosen[:0]
		for len(chosen) < m {
			u := ends[rng.IntN(len(ends))]
			dup := false
			for _, c := range chosen {
				dup = dup || c == u
			}
			if !dup {
				chosen = append(chosen, u)
			}
		}
		for _, u := range chosen {
			edges = append(edges, [2]int32{u, int32(v)})
			ends = append(ends, u, int32(v))
		}
	}
	strength = make([]float64, len(edges))
	for i := range strength {
		strength[i] = float64(1+rng.IntN(10)) / 10
	}
	return edges, strength
}

type igraphResult struct {
	Version string               `json:"igraph"`
	Core    string               `json:"igraph_c_core"`
	Seconds map[string]float64   `json:"seconds"`
	CPU     map[string]float64   `json:"cpu_seconds"`
	Values  map[string][]float64 `json:"values"`
	SubErr  string               `json:"betweenness_subset_error"`
}

// Row is one measure of a run, as -json prints it.
type Row struct {
	Nodes      int     `json:"nodes"`
	Ties       int     `json:"ties"`
	Name       string  `json:"name"`
	Seconds    float64 `json:"seconds"`
	CPUSeconds float64 `json:"cpu_seconds"`
	// IgraphSeconds and IgraphCPUSeconds are 0 when igraph has no such
	// measure or did not run.
	IgraphSeconds    float64 `json:"igraph_seconds,omitempty"`
	IgraphCPUSeconds float64 `json:"igraph_cpu_seconds,omitempty"`
	MaxDiff          float64 `json:"max_diff,omitempty"`
	Note             string  `json:"note,omitempty"`
	LoadAvg          string  `json:"loadavg"`
}

func run(n, m int, seed uint64, nSources, fullMax int, python, script string, withCommunities, asJSON bool) error {
	ctx := context.Background()
	edges, strength := preferentialAttachment(n, m, seed)
	say := func(format string, args ...any) {
		if !asJSON {
			fmt.Printf(format, args...)
		}
	}
	say("\n== preferential attachment: %d nodes, %d ties (m=%d, seed %d)\n", n, len(edges), m, seed)

	dir, err := os.MkdirTemp("", "relmap-centrality-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	var sb strings.Builder
	for i, e := range edges {
		fmt.Fprintf(&sb, "%d %d %g\n", e[0], e[1], strength[i])
	}
	edgeFile := filepath.Join(dir, "edges.txt")
	if err := os.WriteFile(edgeFile, []byte(sb.String()), 0o600); err != nil {
		return err
	}

	id := func(i int32) string { return fmt.Sprintf("p%07d", i) } // id order = index order
	net := &graph.Network{Nodes: make([]graph.NetworkNode, n), Edges: make([]graph.NetworkEdge, len(edges))}
	for i := range n {
		net.Nodes[i] = graph.NetworkNode{ID: id(int32(i)), Kind: graph.KindPerson, PartyType: graph.PartyTypes[i%3]}
	}
	for i := 0; i < n; i += 50 { // 2% employees, for brokerage groups
		net.Nodes[i].Kind = graph.KindEmployee
	}
	for i, e := range edges {
		net.Edges[i] = graph.NetworkEdge{ID: fmt.Sprintf("r%d", i), Type: graph.RelKnows, From: id(e[0]), To: id(e[1]), Strength: strength[i]}
	}
	t0 := time.Now()
	s, err := analysis.NewSnapshot(net)
	if err != nil {
		return err
	}
	say("snapshot built in %s\n", time.Since(t0).Round(time.Millisecond))

	full := n <= fullMax
	var sample []int32
	var sampleIDs []string
	srcFile := ""
	if !full {
		rng := rand.New(rand.NewPCG(seed, 2))
		for _, i := range rng.Perm(n)[:nSources] {
			sample = append(sample, int32(i))
			sampleIDs = append(sampleIDs, id(int32(i)))
		}
		var b strings.Builder
		for _, i := range sample {
			fmt.Fprintln(&b, i)
		}
		srcFile = filepath.Join(dir, "sources.txt")
		if err := os.WriteFile(srcFile, []byte(b.String()), 0o600); err != nil {
			return err
		}
	}

	type row struct {
		name         string
		relmap       time.Duration
		igraphKey    string
		valueCompare func([]float64) float64 // max |relmap − igraph converted|
		note         string
		relmapCPU    time.Duration
		load         string
	}
	var rows []row
	var lastCPU time.Duration // CPU time of the last timeIt
	var lastLoad string       // load average after the last timeIt
	timeIt := func(f func() error) (time.Duration, error) {
		runtime.GC()
		t, c := time.Now(), processCPU()
		err := f()
		lastCPU, lastLoad = processCPU()-c, loadAvg()
		return time.Since(t), err
	}
	vec := func(mp map[string]float64) []float64 {
		out := make([]float64, n)
		for i := range out {
			v, ok := mp[id(int32(i))]
			if !ok {
				v = math.NaN()
			}
			out[i] = v
		}
		return out
	}
	maxDiff := func(a []float64, conv func(int, float64) float64) func([]float64) float64 {
		return func(b []float64) float64 {
			var worst float64
			for i := range a {
				if math.IsNaN(a[i]) && math.IsNaN(b[i]) {
					continue
				}
				worst = max(worst, math.Abs(a[i]-conv(i, b[i])))
			}
			return worst
		}
	}
	ident := func(_ int, v float64) float64 { return v }
	pairs := float64(n-1) * float64(n-2)

	add := func(r row) {
		r.relmapCPU, r.load = lastCPU, lastLoad
		rows = append(rows, r)
	}
	var exact []float64
	if full {
		var b map[string]float64
		d, err := timeIt(func() (err error) { b, err = analysis.Betweenness(ctx, s); return })
		if err != nil {
			return err
		}
		exact = vec(b)
		add(row{name: "betweenness, all sources", relmap: d, igraphKey: "betweenness",
			valueCompare: maxDiff(exact, func(_ int, v float64) float64 { return 2 * v / pairs }), note: "igraph ×2/((n−1)(n−2))"})
	} else {
		var b map[string]float64
		d, err := timeIt(func() (err error) { b, err = analysis.BetweennessFrom(ctx, s, sampleIDs); return })
		if err != nil {
			return err
		}
		add(row{name: fmt.Sprintf("betweenness, %d sources", len(sample)), relmap: d, igraphKey: "betweenness_subset",
			valueCompare: maxDiff(vec(b), func(_ int, v float64) float64 { return 2 * v }), note: "igraph subset ×2"})
	}

	var rk *analysis.BetweennessRanking
	d, err := timeIt(func() (err error) {
		rk, err = analysis.BetweennessRanked(ctx, s, analysis.BetweennessSampling{Seed: seed})
		return
	})
	if err != nil {
		return err
	}
	note := fmt.Sprintf("top 20: %d samples, bound ±%.5f = %.2f of the 20th value (%.4f; top %.4f), %d ranks settled, δ=0.05",
		rk.Samples, rk.MaxError, rk.Relative, rk.Top[len(rk.Top)-1].Value, rk.Top[0].Value, rk.Settled)
	if exact != nil {
		var worst float64
		for _, b := range rk.Top {
			i, _ := s.Index(b.ID)
			worst = max(worst, math.Abs(b.Value-exact[i]))
		}
		note += fmt.Sprintf("; observed max error %.5f", worst)
	}
	add(row{name: "betweenness, ranked top 20", relmap: d, note: note})

	var pr map[string]float64
	d, _ = timeIt(func() error { pr = analysis.PageRank(s); return nil })
	add(row{name: "PageRank (weighted)", relmap: d, igraphKey: "pagerank", valueCompare: maxDiff(vec(pr), ident)})

	var con map[string]float64
	d, _ = timeIt(func() error { con = analysis.Constraint(s); return nil })
	add(row{name: "constraint (weighted)", relmap: d, igraphKey: "constraint", valueCompare: maxDiff(vec(con), ident)})

	d, _ = timeIt(func() error { analysis.EffectiveSize(s); return nil })
	add(row{name: "effective size (weighted)", relmap: d, note: "igraph has none"})

	d, _ = timeIt(func() error { analysis.Brokerage(s, analysis.UsVersusParty); return nil })
	add(row{name: "brokerage roles", relmap: d, note: "igraph has none"})

	if withCommunities {
		var p *analysis.Partition
		d, _ = timeIt(func() error { p = analysis.Communities(s); return nil })
		add(row{name: "communities (Louvain)", relmap: d, note: fmt.Sprintf("%d communities, Q=%.4f", len(p.Members), p.Modularity)})
	}

	var ig igraphResult
	if python != "" {
		out := filepath.Join(dir, "igraph.json")
		args := []string{script, edgeFile, strconv.Itoa(n), out}
		if full {
			args = append(args, "--full-betweenness")
		} else {
			args = append(args, "--sources", srcFile)
		}
		cmd := exec.Command(python, args...)
		cmd.Stderr = os.Stderr
		t := time.Now()
		if err := cmd.Run(); err != nil {
			say("igraph: %v (skipped)\n", err)
		} else {
			b, err := os.ReadFile(out)
			if err != nil {
				return err
			}
			if err := json.Unmarshal(b, &ig); err != nil {
				return err
			}
			say("igraph: python-igraph %s, C core for the subset call %s (script ran %s)\n", ig.Version, orDash(ig.Core), time.Since(t).Round(time.Millisecond))
			if ig.SubErr != "" {
				say("igraph: %s\n", ig.SubErr)
			}
		}
	}

	if asJSON {
		enc := json.NewEncoder(os.Stdout)
		for _, r := range rows {
			jr := Row{Nodes: n, Ties: len(edges), Name: r.name, Seconds: r.relmap.Seconds(), CPUSeconds: r.relmapCPU.Seconds(), Note: r.note, LoadAvg: r.load}
			if sec, ok := ig.Seconds[r.igraphKey]; ok && r.igraphKey != "" {
				jr.IgraphSeconds, jr.IgraphCPUSeconds = sec, ig.CPU[r.igraphKey]
				if v, ok := ig.Values[r.igraphKey]; ok && r.valueCompare != nil {
					jr.MaxDiff = r.valueCompare(v)
				}
			}
			if err := enc.Encode(jr); err != nil {
				return err
			}
		}
		return nil
	}
	fmt.Printf("%-30s %9s %9s %9s %9s %7s %7s %8s %-16s %s\n", "measure", "relmap", "(cpu)", "igraph", "(cpu)", "ratio", "cpu", "max |Δ|", "load average", "notes")
	ms := func(d time.Duration) string { return d.Round(time.Millisecond).String() }
	secs := func(f float64) time.Duration { return time.Duration(f * float64(time.Second)) }
	for _, r := range rows {
		igs, igc, ratio, cpuRatio, diff := "-", "-", "-", "-", "-"
		if sec, ok := ig.Seconds[r.igraphKey]; ok && r.igraphKey != "" {
			igs = ms(secs(sec))
			ratio = fmt.Sprintf("%.3f", r.relmap.Seconds()/sec)
			if c, ok := ig.CPU[r.igraphKey]; ok {
				igc = ms(secs(c))
				cpuRatio = fmt.Sprintf("%.3f", r.relmapCPU.Seconds()/c)
			}
			if v, ok := ig.Values[r.igraphKey]; ok && r.valueCompare != nil {
				diff = fmt.Sprintf("%.1e", r.valueCompare(v))
			}
		}
		fmt.Printf("%-30s %9s %9s %9s %9s %7s %7s %8s %-16s %s\n", r.name, ms(r.relmap), ms(r.relmapCPU), igs, igc, ratio, cpuRatio, diff, r.load, r.note)
	}
	return nil
}

// processCPU returns the user and system CPU time of this process so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loadAvg returns /proc/loadavg's first three fields: other work on the
// machine slows both sides, relmap's parallel measures most.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
