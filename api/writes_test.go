package api

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
)

// TestNetworkWrites: create, change and delete through the router, with the
// audit actor from the token's name, and bad input leaving the store unchanged.
func TestNetworkWrites(t *testing.T) {
	h, st := segmentServer(t)
	anna := namedSecret(t, st, "anna", auth.Editor)
	send := func(method, path, body string, want int) *httptest.ResponseRecorder {
		t.Helper()
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+anna)
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != want {
			t.Fatalf("%s %s: %d, want %d\n%s", method, path, w.Code, want, w.Body)
		}
		return w
	}
	send("POST", "/api/v1/persons", `{"id":"per-els","name":"Els Bakker","title":"wethouder"}`, 201)
	send("POST", "/api/v1/relationships", `{"type":"knows","from":"per-jan","to":"per-els","strength":0.7}`, 201)
	// knows is symmetric: the derived id sorts the ends.
	r, err := st.FindRelationshipByID(t.Context(), "knows:per-els:per-jan")
	if err != nil || r.CreatedBy != "anna" {
		t.Fatalf("relationship: %+v %v, want it created by anna", r, err)
	}
	send("PATCH", "/api/v1/organisations/org-gp", `{"owner_id":"emp-anna"}`, 200)
	if o, _ := st.FindOrganisationByID(t.Context(), "org-gp"); o.OwnerID != "emp-anna" || o.UpdatedBy != "anna" {
		t.Errorf("owner not assigned: %+v", o)
	}

	before, _ := st.Version(t.Context())
	for _, c := range []struct{ method, path, body, field string }{
		{"POST", "/api/v1/relationships", `{"type":"knows","from":"per-jan","to":"per-nobody","strength":0.5}`, "to"},
		{"POST", "/api/v1/relationships", `{"type":"knows","from":"per-jan","to":"emp-anna","strength":1.5}`, "strength"},
		{"POST", "/api/v1/relationships", `{"type":"likes","from":"per-jan","to":"emp-anna","strength":0.5}`, "type"},
		{"POST", "/api/v1/persons", `{"id":"per-jan","name":"Jan again"}`, "id"},
		{"POST", "/api/v1/persons", `{"id":"per-x","name":" "}`, "name"},
		{"POST", "/api/v1/persons", `{"id":"per-x","name":"X","nmae":"typo"}`, "nmae"},
		{"PATCH", "/api/v1/organisations/org-gp", `{"owner_id":"per-jan"}`, "owner_id"},
	} {
		var e apiError
		status := 400
		if c.field == "id" {
			status = 409
		}
		call(t, h, c.method, c.path, c.body, status, &e)
		if !e.has(c.field, "") {
			t.Errorf("%s %s %s: %+v, want field %q", c.method, c.path, c.body, e, c.field)
		}
	}
	if after, _ := st.Version(t.Context()); after != before {
		t.Errorf("bad input changed the store: version %d → %d", before, after)
	}

	send("DELETE", "/api/v1/persons/per-els", "", 204)
	if _, err := st.FindRelationshipByID(t.Context(), "knows:per-els:per-jan"); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("deleting a person must delete its relationships: %v", err)
	}
	send("DELETE", "/api/v1/persons/per-els", "", 404)
}
