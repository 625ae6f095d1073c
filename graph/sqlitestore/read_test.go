package sqlitestore

import (
	"path/filepath"
	"strings"
	"testing"
)

func openInternal(t *testing.T) *Store {
	t.Helper()
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "relmap.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestObjectingUsesItsIndex: the objecting persons are read from the
// partial index made for them, not by decoding every person's JSON.
func TestObjectingUsesItsIndex(t *testing.T) {
	s := openInternal(t)
	rows, err := s.db.QueryContext(t.Context(), `EXPLAIN QUERY PLAN `+objectingQuery)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if p := strings.Join(plan, "; "); !strings.Contains(p, "USING INDEX nodes_objecting") {
		t.Errorf("plan %q, want the partial index nodes_objecting", p)
	}
}
