package neo4jstore

import (
	"context"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relmap/relmap/auth/authtest"
)

func TestTrust(t *testing.T) {
	authtest.Run(t, func(t *testing.T) authtest.Store { return open(t) })
}

func TestAuditedWrites(t *testing.T) {
	authtest.RunWrites(t, func(t *testing.T) authtest.WriteStore { return open(t) }, func(t *testing.T, s authtest.WriteStore) {
		// A uniqueness constraint on the actor and one entry of the
		// broken actor make every further one fail in the server.
		cfg := serverConfig(t)
		d := rawDriver(t, cfg)
		run := func(q string) {
			t.Helper()
			if _, err := neo4j.ExecuteQuery(context.Background(), d, q, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(DefaultDatabase)); err != nil {
				t.Fatal(err)
			}
		}
		run(`CREATE CONSTRAINT authtest_broken IF NOT EXISTS FOR (a:AuditEntry) REQUIRE a.actor IS UNIQUE`)
		t.Cleanup(func() {
			run(`MATCH (a:AuditEntry {actor: "` + authtest.BrokenActor + `"}) DELETE a`)
			run(`DROP CONSTRAINT authtest_broken IF EXISTS`)
		})
		run(`CREATE (:AuditEntry {seq: -1, actor: "` + authtest.BrokenActor + `"})`)
	})
}
