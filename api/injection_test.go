package api

import (
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
	"github.com/relmap/relmap/graph/storetest"
)

// injectionIDs are ids made of query metacharacters (ids hold no white
// space), one per storetest.Payloads entry; each is escaped in the path.
func injectionIDs() []string {
	marks := []string{`'`, `"`, "`", `$x`, `//`, `/*`, `})`, `');--`, `{{LABEL}}`, `%_\`, `?#&`, `zoë`, `..`, `;`, `+`}
	ids := make([]string, len(storetest.Payloads))
	for i := range ids {
		ids[i] = fmt.Sprintf("api-%d-%s", i, marks[i%len(marks)])
	}
	return ids
}

// TestInjectionThroughAPI sends names, notes and ids full of Cypher and
// SQL metacharacters (storetest.Payloads) through the HTTP API into a
// store holding storetest.Sample: each person, relationship note and
// contact note is stored and answered verbatim (by id in the path, by name
// filter, by node and stakeholder filters), relationship types outside the
// vocabulary are refused as input, and once the injected persons are
// deleted every listing answers exactly as before.
func TestInjectionThroughAPI(t *testing.T) {
	st, err := sqlitestore.Open(t.Context(), filepath.Join(t.TempDir(), "relmap.db"), sqlitestore.WithNow(new(storetest.Clock).Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Upsert(t.Context(), storetest.Sample(), graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	h := serve(t, &Server{Store: st, Segments: st, Snapshots: &analysis.Cache{Source: st}, Now: func() time.Time { return now }})

	listings := []string{"/api/v1/employees", "/api/v1/organisations", "/api/v1/persons", "/api/v1/relationships", "/api/v1/contacts"}
	snapshot := func() map[string]json.RawMessage {
		out := map[string]json.RawMessage{}
		for _, p := range listings {
			var raw json.RawMessage
			call(t, h, "GET", p+"?limit=1000", "", 200, &raw)
			out[p] = raw
		}
		return out
	}
	before := snapshot()
	var samplePersons ListBody[graph.Person]
	call(t, h, "GET", "/api/v1/persons?limit=1000", "", 200, &samplePersons)

	ids := injectionIDs()
	body := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for i, q := range storetest.Payloads {
		id := ids[i]
		var p graph.Person
		call(t, h, "POST", "/api/v1/persons", body(map[string]any{
			"id": id, "name": q, "title": q, "contribution": map[string]string{"interests": q},
		}), 201, &p)
		if p.ID != id || p.Name != q || p.Title != q || p.Contribution.Interests != q {
			t.Fatalf("POST person %q answered %+v", id, p)
		}
		var r graph.Relationship
		call(t, h, "POST", "/api/v1/relationships", body(map[string]any{
			"type": "knows", "from": "emp-anna", "to": id, "strength": 0.5, "note": q,
		}), 201, &r)
		var c graph.Contact
		call(t, h, "POST", "/api/v1/contacts", body(map[string]any{
			"date": "2026-02-01", "employee_id": "emp-anna", "stakeholder_id": id, "mode": "meeting", "note": q,
		}), 201, &c)

		path := "/api/v1/persons/" + url.PathEscape(id)
		var got graph.Person
		call(t, h, "GET", path, "", 200, &got)
		if got.ID != id || got.Name != q || got.Title != q || got.Contribution.Interests != q {
			t.Fatalf("GET %s answered %+v, want the payload %q", path, got, q)
		}
		var rels ListBody[graph.Relationship]
		call(t, h, "GET", "/api/v1/relationships?node="+url.QueryEscape(id), "", 200, &rels)
		if rels.Total != 1 || rels.Items[0].ID != r.ID || rels.Items[0].Note != q {
			t.Fatalf("relationships of %q: %+v, want %s with note %q", id, rels, r.ID, q)
		}
		var cons ListBody[graph.Contact]
		call(t, h, "GET", "/api/v1/contacts?stakeholder_id="+url.QueryEscape(id), "", 200, &cons)
		if cons.Total != 1 || cons.Items[0].ID != c.ID || cons.Items[0].Note != q {
			t.Fatalf("contacts with %q: %+v, want %s with note %q", id, cons, c.ID, q)
		}
	}

	// The name filter matches each payload literally, ASCII case folded
	// (graph.NodeFilter.Name): the persons whose names contain it.
	for _, q := range storetest.Payloads {
		var want []string
		for _, p := range samplePersons.Items {
			if strings.Contains(strings.ToLower(p.Name), strings.ToLower(q)) {
				want = append(want, p.ID)
			}
		}
		for i, name := range storetest.Payloads {
			if strings.Contains(strings.ToLower(name), strings.ToLower(q)) {
				want = append(want, ids[i])
			}
		}
		var page ListBody[graph.Person]
		call(t, h, "GET", "/api/v1/persons?limit=1000&q="+url.QueryEscape(q), "", 200, &page)
		var got []string
		for _, p := range page.Items {
			got = append(got, p.ID)
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) || page.Total != len(want) {
			t.Errorf("persons named %q: %q (total %d), want %q", q, got, page.Total, want)
		}
	}

	// A type outside the vocabulary is an input error, not a query.
	for _, q := range []string{"KNOWS", "knows|works_at", "knows`]->() DETACH DELETE n //", storetest.Payloads[5]} {
		var e ErrorBody
		call(t, h, "GET", "/api/v1/relationships?type="+url.QueryEscape(q), "", 400, &e)
		if e.Error.Code != graph.EINVALID || e.Error.Field != "type" {
			t.Errorf("type %q: %+v, want EINVALID on field type", q, e.Error)
		}
		call(t, h, "POST", "/api/v1/relationships", body(map[string]any{
			"type": q, "from": "emp-anna", "to": "org-fund", "strength": 0.5,
		}), 400, &e)
	}

	// Changes addressed by payload ids touch only those records.
	for i, id := range ids {
		q := storetest.Payloads[(i+1)%len(storetest.Payloads)]
		var p graph.Person
		call(t, h, "PATCH", "/api/v1/persons/"+url.PathEscape(id), body(map[string]any{"name": q}), 200, &p)
		if p.Name != q {
			t.Fatalf("PATCH %q: name %q, want %q", id, p.Name, q)
		}
	}
	for _, id := range ids {
		call(t, h, "DELETE", "/api/v1/persons/"+url.PathEscape(id), "", 204, nil)
	}
	after := snapshot()
	for _, p := range listings {
		if string(after[p]) != string(before[p]) {
			t.Errorf("GET %s after the injected persons were deleted:\n%s\nwant\n%s", p, after[p], before[p])
		}
	}
}
