package sqlitestore

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/storetest"
	"github.com/relmap/relmap/segment"
)

// marshalHash is the content hash relmap stored before graph's Hash wrote
// its JSON itself: json.Marshal of the record without its audit fields,
// SHA-256, the first 16 bytes in hex.
func marshalHash(t *testing.T, record any) string {
	t.Helper()
	v := reflect.ValueOf(record).Elem()
	c := reflect.New(v.Type()).Elem()
	c.Set(v)
	c.FieldByName("Audit").SetZero()
	b, err := json.Marshal(c.Interface())
	if err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:16])
}

// hashBatch holds a record of every kind, with values encoding/json
// escapes or formats in its own way.
func hashBatch() *graph.Batch {
	day := time.Date(2021, 6, 1, 0, 0, 0, 0, time.UTC)
	return &graph.Batch{
		Employees: []*graph.Employee{{ID: "emp-1", Name: "Anna <&> Jansen", Role: graph.RoleStaff, Start: day, Team: "R&D\u2028"}},
		Organisations: []*graph.Organisation{{ID: "org-1", Name: `Fonds "X"`, Website: "https://x.example/?a=1&b=<2>",
			Contribution: graph.Contribution{Know: "wet\tregels", InterestsUnknown: true}, OwnerID: "emp-1"}},
		Persons: []*graph.Person{{ID: "per-1", Name: "Jan de Vries", OtherEmails: []string{"jan@x.example", "j@y.example"},
			Objects: true, ObjectedAt: day, PartyType: graph.PartyIntermediary}, {ID: "per-2", Name: "Émile"}},
		Relationships: []*graph.Relationship{
			{ID: "rel-1", Type: graph.RelKnows, From: "per-1", To: "per-2", Strength: 0.1, Since: day, Note: "line\nbreak"},
			{ID: "rel-2", Type: graph.RelWorksAt, From: "per-1", To: "org-1", Strength: 1},
			{ID: "rel-3", Type: graph.RelKnows, From: "emp-1", To: "per-1", Strength: 0.25, Level: graph.LevelStrategic},
		},
		Contacts: []*graph.Contact{{Date: time.Date(2024, 5, 6, 9, 30, 0, 125e6, time.UTC), EmployeeID: "emp-1",
			StakeholderID: "per-1", Mode: graph.ModeMeeting, Note: "über <alles>"}},
	}
}

// TestReimportOverMarshalHashes: a database written before graph's Hash
// wrote its own JSON holds, in its hash columns, the hashes of
// encoding/json; re-importing the same records into it changes nothing.
// The hash columns are set to those hashes (as that version wrote them)
// and the records imported again, as the CSV import does.
func TestReimportOverMarshalHashes(t *testing.T) {
	s := openPrivacy(t)
	b := hashBatch()
	_, err := s.Upsert(importCtx, b, graph.UpsertOptions{})
	storetest.Must(t, err)
	set := func(table, id string, record any) {
		_, err := s.db.ExecContext(importCtx, `UPDATE `+table+` SET hash = ? WHERE id = ?`, marshalHash(t, record), id)
		storetest.Must(t, err)
	}
	for _, x := range b.Employees {
		set("nodes", x.ID, x)
	}
	for _, x := range b.Organisations {
		set("nodes", x.ID, x)
	}
	for _, x := range b.Persons {
		set("nodes", x.ID, x)
	}
	for _, x := range b.Relationships {
		set("relationships", x.ID, x)
	}
	for _, x := range b.Contacts {
		set("contacts", x.ID, x)
	}
	v0, err := s.Version(importCtx)
	storetest.Must(t, err)
	res, err := s.Import(importCtx, segment.Parts(&segment.Import{Batch: hashBatch()}), graph.UpsertOptions{})
	storetest.Must(t, err)
	if res.Changed() {
		t.Errorf("re-import over the stored hashes: %+v, want everything unchanged", res.UpsertResult)
	}
	if v, err := s.Version(importCtx); err != nil || v != v0 {
		t.Errorf("version %d (%v), want %d", v, err, v0)
	}
}
