package neo4jstore

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
	"github.com/relmap/relmap/graph/storetest"
	"github.com/relmap/relmap/segment"
	"github.com/relmap/relmap/segment/segmenttest"
)

func TestSegmentConformance(t *testing.T) {
	segmenttest.Run(t, func(t *testing.T) (graph.Store, segment.Store) {
		s := open(t)
		return s, s
	})
}

// segmentState is everything a segment.Store shows.
type segmentState struct {
	Counts      graph.Counts
	Scheme      *segment.Scheme
	Policies    segment.Policies
	Assessments []*segment.Assessment
	Total       int
}

// TestIdenticalSegments checks that the Neo4j store and the SQLite store
// show the same segmentation after the same writes: storetest.Sample and
// segmenttest.Sample, then a saved scheme and policy table, audit fields
// included.
func TestIdenticalSegments(t *testing.T) {
	neo := open(t)
	sq, err := sqlitestore.Open(context.Background(), filepath.Join(t.TempDir(), "relmap.db"),
		sqlitestore.WithNow(new(storetest.Clock).Now))
	if err != nil {
		t.Fatal(err)
	}
	defer sq.Close()

	ctx := graph.WithActor(context.Background(), "storetest")
	load := func(g graph.Store, s segment.Store) segmentState {
		t.Helper()
		if _, err := g.Upsert(ctx, storetest.Sample(), graph.UpsertOptions{}); err != nil {
			t.Fatal(err)
		}
		var st segmentState
		st.Counts, err = s.UpsertAssessments(ctx, segmenttest.Sample(), graph.UpsertOptions{})
		storetest.Must(t, err)
		sc := segment.DefaultScheme()
		sc.Name, sc.ThresholdAccessibility = "identical", 2.5
		sc.Criteria[0].Weight = 2
		storetest.Must(t, s.SaveScheme(ctx, sc))
		ps := segment.DefaultPolicies()
		ps[0].MinContacts = 7
		storetest.Must(t, s.SavePolicies(ctx, ps))
		st.Scheme, err = s.Scheme(ctx)
		storetest.Must(t, err)
		st.Policies, err = s.Policies(ctx)
		storetest.Must(t, err)
		st.Assessments, st.Total, err = s.FindAssessments(ctx, segment.AssessmentFilter{Page: graph.Page{Limit: graph.MaxLimit}})
		storetest.Must(t, err)
		return st
	}
	a, b := load(sq, sq), load(neo, neo)
	if len(a.Assessments) != 38 || a.Total != 38 {
		t.Fatalf("SQLite lists %d assessments of %d, want 38", len(a.Assessments), a.Total)
	}
	if d := storetest.Diff(a, b); d != "" {
		t.Errorf("the stores differ (SQLite → Neo4j): %s", d)
	}
}

// TestAssessmentsOffNetwork checks that assessments, their ASSESSES links
// and the settings never show in the network snapshot or the relationship
// listings.
func TestAssessmentsOffNetwork(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	b := storetest.Sample()
	if _, err := s.Upsert(ctx, b, graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpsertAssessments(ctx, segmenttest.Sample(), graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	storetest.Must(t, s.SaveScheme(ctx, segment.DefaultScheme()))
	net, err := graph.ReadNetwork(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	nodes := len(b.Employees) + len(b.Organisations) + len(b.Persons)
	if len(net.Nodes) != nodes || len(net.Edges) != len(b.Relationships) {
		t.Fatalf("network of %d nodes and %d edges, want %d and %d", len(net.Nodes), len(net.Edges), nodes, len(b.Relationships))
	}
	_, total, err := s.FindRelationships(ctx, graph.RelationshipFilter{NodeID: ptr("org-fund")})
	storetest.Must(t, err)
	want := 0
	for _, r := range b.Relationships {
		if r.From == "org-fund" || r.To == "org-fund" {
			want++
		}
	}
	if total != want {
		t.Fatalf("%d relationships at org-fund, want %d", total, want)
	}
}
