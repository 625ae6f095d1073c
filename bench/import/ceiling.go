package main

// The server's ceiling: how fast Neo4j itself creates the benchmark's
// relationships through transactional Cypher, with nothing of relmap
// around it (no CSV, no validation, no plan, no journal, no lock). This
// bench imports the Go driver itself, as relmap's store would stand in the
// way of what is measured.

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relmap/relmap/graph/neo4jstore"
	"github.com/relmap/relmap/queries"
)

// ceilingVariant is one way of creating the relationships.
type ceilingVariant struct {
	name string
	// props: the relationships carry the seven properties relmap writes
	// for a knows tie from a CSV row (id, strength, hash and the audit),
	// under a uniqueness constraint on id, as relmap's schema has.
	props bool
	// maps: the rows are maps and the statement is relmap's own
	// (create_relationships.cypher); otherwise lists of values.
	maps bool
	// conc: transactions at once, each a part of 50,000 rows.
	conc int
	// statement, when not "", is the statement (of row maps with maps, of
	// lists with props).
	statement string
}

var ceilingVariants = map[string]ceilingVariant{
	"plain":   {name: "MATCH, MATCH, CREATE: no properties", conc: 1},
	"plain2":  {name: "the same, 2 transactions at once", conc: 2},
	"props":   {name: "with relmap's 7 properties, as lists", props: true, conc: 1},
	"props2":  {name: "the same, 2 transactions at once", props: true, conc: 2},
	"relmap":  {name: "relmap's statement and row maps", props: true, maps: true, conc: 1},
	"relmap2": {name: "the same, 2 transactions at once", props: true, maps: true, conc: 2},
	"setmap":  {name: "relmap's statement before: SET r = row.props", props: true, maps: true, conc: 1, statement: ceilingSetMap},
	"nohash":  {name: "as props, without the hash (64 hex digits)", props: true, conc: 1, statement: ceilingNoHash},
	"noaudit": {name: "as props, without the audit (2 times, 2 names)", props: true, conc: 1, statement: ceilingNoAudit},
}

const (
	ceilingPlain = `UNWIND $rows AS r
MATCH (a:Node {id: r[0]})
MATCH (b:Node {id: r[1]})
CREATE (a)-[:%s]->(b)
RETURN count(*) AS n`
	ceilingProps = `UNWIND $rows AS r
MATCH (a:Node {id: r[0]})
MATCH (b:Node {id: r[1]})
CREATE (a)-[:%s {id: r[2], strength: r[3], hash: r[4], created_at: r[5], created_by: r[6], updated_at: r[7], updated_by: r[8]}]->(b)
RETURN count(*) AS n`
	// What each group of relmap's properties costs: ceilingProps without
	// one.
	ceilingNoHash = `UNWIND $rows AS r
MATCH (a:Node {id: r[0]})
MATCH (b:Node {id: r[1]})
CREATE (a)-[:%s {id: r[2], strength: r[3], created_at: r[5], created_by: r[6], updated_at: r[7], updated_by: r[8]}]->(b)
RETURN count(*) AS n`
	ceilingNoAudit = `UNWIND $rows AS r
MATCH (a:Node {id: r[0]})
MATCH (b:Node {id: r[1]})
CREATE (a)-[:%s {id: r[2], strength: r[3], hash: r[4]}]->(b)
RETURN count(*) AS n`
	// create_relationships.cypher before it named the properties: the
	// planner puts an Eager before the SET.
	ceilingSetMap = `UNWIND $rows AS row
MATCH (a:Node {id: row.from})
USING INDEX SEEK a:Node(id)
MATCH (b:Node {id: row.to})
USING INDEX SEEK b:Node(id)
CREATE (a)-[r:{{TYPE}}]->(b)
SET r = row.props
RETURN count(r) AS n`
)

// ceilingResult is one measured variant.
type ceilingResult struct {
	v                     ceilingVariant
	key                   string
	batch, rows           int
	wall, server, own     time.Duration
	load                  float64
	retries, transactions int64
	profile               []string // the plan of the first statement
}

// profileLines describes plan, the profile of a statement of rows rows: each
// operator with its database hits per row.
func profileLines(plan neo4j.ProfiledPlan, rows int, indent string) []string {
	if plan == nil {
		return nil
	}
	line := fmt.Sprintf("%s%s: %.2f db hits a row", indent, plan.Operator(), float64(plan.DbHits())/float64(rows))
	if d, ok := plan.Arguments()["Details"].(string); ok {
		line += " (" + d + ")"
	}
	out := []string{line}
	for _, c := range plan.Children() {
		out = append(out, profileLines(c, rows, indent+"  ")...)
	}
	return out
}

// ceiling measures each variant of keys (see ceilingVariants) at each batch
// size on fresh nodes of its own: c.persons (:Node) nodes with ids
// "c<i>-per-…" (under relmap's uniqueness constraint of node ids), then the
// c.rels ties of the benchmark file among them, in parts of
// neo4jstore.DefaultImportSplitRows rows, each part one transaction.
func ceiling(ctx context.Context, c config, keys []string, batches []int) ([]ceilingResult, error) {
	drv, err := dial(ctx)
	if err != nil {
		return nil, err
	}
	defer drv.Close(ctx)
	run := func(q string, params map[string]any) error {
		_, err := neo4j.ExecuteQuery(ctx, drv, q, params, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(database()))
		return err
	}
	ends := tieEnds(c.persons, c.rels)
	type job struct {
		key   string
		batch int
	}
	var jobs []job
	if c.onlyCeiling {
		// Nothing ran in the server before: a first variant, not
		// reported, lets the JVM compile what the others run.
		jobs = append(jobs, job{"", batches[0]})
	}
	for _, key := range keys {
		if _, ok := ceilingVariants[key]; !ok {
			return nil, fmt.Errorf("-ceiling: unknown variant %q", key)
		}
		for _, batch := range batches {
			jobs = append(jobs, job{key, batch})
		}
	}
	var out []ceilingResult
	for i, j := range jobs {
		key, batch := j.key, j.batch
		v := ceilingVariants[cmp.Or(key, "relmap")]
		prefix, typ := fmt.Sprintf("c%d-", i), fmt.Sprintf("CEILING_%d", i)
		for lo := 0; lo < c.persons; lo += 10000 {
			if err := run(`UNWIND range($lo, $hi - 1) AS i CREATE (:Node {id: $prefix + 'per-' + toString(i)})`,
				map[string]any{"lo": lo, "hi": min(lo+10000, c.persons), "prefix": prefix}); err != nil {
				return nil, err
			}
		}
		q := fmt.Sprintf(ceilingPlain, typ)
		if v.props {
			q = fmt.Sprintf(cmp.Or(v.statement, ceilingProps), typ)
			if err := run(fmt.Sprintf("CREATE CONSTRAINT ceiling_%d_id FOR ()-[r:%s]-() REQUIRE r.id IS UNIQUE", i, typ), nil); err != nil {
				return nil, err
			}
		}
		if v.maps {
			q = strings.ReplaceAll(cmp.Or(v.statement, queries.CreateRelationships), queries.TypePlaceholder, typ)
		}
		rows := ceilingRows(ends, prefix, v)
		if key == "" {
			rows = rows[:min(len(rows), 2*neo4jstore.DefaultImportSplitRows)]
		}
		res := ceilingResult{v: v, key: key, batch: batch, rows: len(rows)}
		server0, own0 := processCPU(c.neo4jPID), processCPU(os.Getpid())
		t := time.Now()
		if err := createParts(ctx, drv, q, rows, batch, v.conc, &res); err != nil {
			return nil, fmt.Errorf("-ceiling %s: %w", key, err)
		}
		res.wall = time.Since(t)
		res.server, res.own = processCPU(c.neo4jPID)-server0, processCPU(os.Getpid())-own0
		res.load = loadAverage()
		if key == "" {
			continue // the warm-up
		}
		out = append(out, res)
		fmt.Fprintf(os.Stderr, "bench/import: ceiling %s, %d rows a statement: %.1f s, server CPU %.1f s\n",
			key, batch, res.wall.Seconds(), res.server.Seconds())
	}
	return out, nil
}

// createParts writes rows in parts of neo4jstore.DefaultImportSplitRows,
// each part one write transaction of UNWIND statements of batch rows, conc
// parts at a time. A transaction the server fails with a transient error (a
// deadlock between two parts on a shared end) is retried by the driver; the
// retries are counted.
func createParts(ctx context.Context, drv neo4j.DriverWithContext, q string, rows []any, batch, conc int, res *ceilingResult) error {
	part := neo4jstore.DefaultImportSplitRows
	next := atomic.Int64{}
	var wg sync.WaitGroup
	errs := make([]error, conc)
	for g := range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sess := drv.NewSession(ctx, neo4j.SessionConfig{DatabaseName: database()})
			defer sess.Close(ctx)
			for {
				lo := int(next.Add(int64(part))) - part
				if lo >= len(rows) {
					return
				}
				chunk := rows[lo:min(lo+part, len(rows))]
				attempts := 0
				_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
					attempts++
					for b := 0; b < len(chunk); b += batch {
						rs := chunk[b:min(b+batch, len(chunk))]
						stmt := q
						if lo == 0 && b == 0 && attempts == 1 {
							stmt = "PROFILE " + q // the first statement of the variant
						}
						r, err := tx.Run(ctx, stmt, map[string]any{"rows": rs})
						if err != nil {
							return nil, err
						}
						rec, err := r.Single(ctx)
						if err != nil {
							return nil, err
						}
						if n, _ := rec.Get("n"); n != int64(len(rs)) {
							return nil, fmt.Errorf("created %v of %d", n, len(rs))
						}
						if stmt != q {
							sum, err := r.Consume(ctx)
							if err != nil {
								return nil, err
							}
							res.profile = profileLines(sum.Profile(), len(rs), "")
						}
					}
					return nil, nil
				}, neo4j.WithTxTimeout(0))
				atomic.AddInt64(&res.retries, int64(attempts-1))
				atomic.AddInt64(&res.transactions, 1)
				if err != nil {
					errs[g] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// tieEnds returns the ends of the benchmark's n ties among p persons
// (see tieEnd): tie i from person ends[2i] to person ends[2i+1].
func tieEnds(p, n int) []int {
	out := make([]int, 0, 2*n)
	for i := range n {
		from, to := tieEnd(p, i)
		out = append(out, from, to)
	}
	return out
}

// ceilingRows makes the statement's rows for the ties of ends: the two ends
// (with prefix), and with v.props relmap's seven properties of a knows tie
// imported from CSV (the audit of a CLI import: its time and "cli"); as
// relmap's row maps with v.maps.
func ceilingRows(ends []int, prefix string, v ceilingVariant) []any {
	now := time.Now().UTC().Truncate(time.Millisecond)
	out := make([]any, len(ends)/2)
	for i := range out {
		from, to := prefix+"per-"+strconv.Itoa(ends[2*i]), prefix+"per-"+strconv.Itoa(ends[2*i+1])
		if !v.props {
			out[i] = []any{from, to}
			continue
		}
		id := prefix + "rel-" + strconv.Itoa(i)
		strength := float64(1+i%10) / 10
		h := sha256.Sum256([]byte(id))
		hash := hex.EncodeToString(h[:])
		if v.maps {
			out[i] = map[string]any{"id": id, "from": from, "to": to, "props": map[string]any{
				"id": id, "strength": strength, "hash": hash,
				"created_at": now, "created_by": "cli", "updated_at": now, "updated_by": "cli"}}
			continue
		}
		out[i] = []any{from, to, id, strength, hash, now, "cli", now, "cli"}
	}
	return out
}

func printCeiling(rs []ceilingResult) {
	if len(rs) == 0 {
		return
	}
	fmt.Printf("\nthe server's ceiling: the same ties created by plain Cypher, nothing of relmap around it (parts of %d rows, each one transaction)\n",
		neo4jstore.DefaultImportSplitRows)
	fmt.Printf("%-8s %-42s %7s %9s %9s %9s %9s %10s %12s %9s %7s\n", "variant", "", "batch", "rows", "wall s", "server s", "bench s",
		"rows/s", "rows/srv s", "retries", "load")
	for _, r := range rs {
		fmt.Printf("%-8s %-42s %7d %9d %9.2f %9.2f %9.2f %10.0f %12.0f %9d %7.1f\n", r.key, r.v.name, r.batch, r.rows, r.wall.Seconds(),
			r.server.Seconds(), r.own.Seconds(), float64(r.rows)/r.wall.Seconds(), float64(r.rows)/r.server.Seconds(), r.retries, r.load)
	}
	for _, r := range rs {
		if r.profile != nil {
			fmt.Printf("\nPROFILE of %s's first statement (%d rows):\n  %s\n", r.key, r.batch, strings.Join(r.profile, "\n  "))
		}
	}
	fmt.Println("server s: the Neo4j process's CPU time; bench s: this program's (making the rows, the driver); retries: transactions run again after a transient error.")
}

// dial connects to the Neo4j of the environment, as emptyNeo4j does.
func dial(ctx context.Context) (neo4j.DriverWithContext, error) {
	drv, err := neo4j.NewDriverWithContext(os.Getenv("RELMAP_NEO4J_URI"), neo4j.BasicAuth(neo4jUser(), neo4jPassword(), ""))
	if err != nil {
		return nil, err
	}
	if err := drv.VerifyConnectivity(ctx); err != nil {
		drv.Close(ctx)
		return nil, err
	}
	return drv, nil
}
