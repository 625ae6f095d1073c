package graph

import (
	"context"
	"errors"
	"testing"
	"time"
)

// memLookup is a StoredLookup over maps, standing in for a store's
// transaction so the planner can be tested on its own.
type memLookup struct{ nodes, rels, cons map[string]Stored }

func pick(m map[string]Stored, ids []string) map[string]Stored {
	out := map[string]Stored{}
	for _, id := range ids {
		if s, ok := m[id]; ok {
			out[id] = s
		}
	}
	return out
}

func (l memLookup) StoredNodes(_ context.Context, ids []string) (map[string]Stored, error) {
	return pick(l.nodes, ids), nil
}
func (l memLookup) StoredRelationships(_ context.Context, ids []string) (map[string]Stored, error) {
	return pick(l.rels, ids), nil
}
func (l memLookup) StoredContacts(_ context.Context, ids []string) (map[string]Stored, error) {
	return pick(l.cons, ids), nil
}

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func small() *Batch {
	return &Batch{
		Employees:     []*Employee{{ID: "emp-1", Name: "Anna de Boer", Role: RoleAccountManager}},
		Organisations: []*Organisation{{ID: "org-1", Name: "Fonds X", PartyType: PartyInput, OwnerID: "emp-1"}},
		Persons:       []*Person{{ID: "per-1", Name: " Jan de Vries "}},
		Relationships: []*Relationship{
			{Type: RelKnows, From: "per-1", To: "emp-1", Strength: 0.8, Level: LevelTactical},
			{Type: RelWorksAt, From: "per-1", To: "org-1", Strength: 0.9},
		},
		Contacts: []*Contact{{ID: "c-1", Date: t0, EmployeeID: "emp-1", StakeholderID: "org-1", Mode: ModeMeeting}},
	}
}

func TestPlanUpsertCreatesAndNormalizes(t *testing.T) {
	ctx := WithActor(context.Background(), "tester")
	b := small()
	out, res, err := PlanUpsert(ctx, b, memLookup{}, UpsertOptions{}, t0)
	if err != nil {
		t.Fatal(err)
	}
	if out.Len() != b.Len() || res.Relationships.Created != 2 || res.Persons.Created != 1 {
		t.Fatalf("plan = %d records, result %+v; want all %d created", out.Len(), res, b.Len())
	}
	if b.Persons[0].Name != "Jan de Vries" {
		t.Errorf("name not trimmed: %q", b.Persons[0].Name)
	}
	// knows is symmetric: the derived id sorts the ends ("emp-1" < "per-1").
	if got := b.Relationships[0].ID; got != "knows:emp-1:per-1" {
		t.Errorf("derived id = %q, want knows:emp-1:per-1", got)
	}
	if got := b.Relationships[1].ID; got != "works_at:per-1:org-1" {
		t.Errorf("derived id = %q, want works_at:per-1:org-1", got)
	}
	if a := b.Employees[0].Audit; a.CreatedBy != "tester" || !a.CreatedAt.Equal(t0) || a.UpdatedAt != a.CreatedAt {
		t.Errorf("audit = %+v", a)
	}
}

func TestPlanUpsertUnchangedAndUpdated(t *testing.T) {
	ctx := context.Background()
	first := small()
	if _, _, err := PlanUpsert(ctx, first, memLookup{}, UpsertOptions{}, t0); err != nil {
		t.Fatal(err)
	}
	stored := memLookup{nodes: map[string]Stored{}, rels: map[string]Stored{}, cons: map[string]Stored{}}
	for _, e := range first.Employees {
		stored.nodes[e.ID] = Stored{Kind: KindEmployee, Hash: e.Hash(), Audit: e.Audit}
	}
	for _, o := range first.Organisations {
		stored.nodes[o.ID] = Stored{Kind: KindOrganisation, Hash: o.Hash(), Audit: o.Audit}
	}
	for _, p := range first.Persons {
		stored.nodes[p.ID] = Stored{Kind: KindPerson, Hash: p.Hash(), Audit: p.Audit}
	}
	for _, r := range first.Relationships {
		stored.rels[r.ID] = Stored{Hash: r.Hash(), Audit: r.Audit}
	}
	for _, c := range first.Contacts {
		stored.cons[c.ID] = Stored{Hash: c.Hash(), Audit: c.Audit}
	}
	again := small()
	again.Organisations[0].City = "Utrecht"
	later := t0.Add(time.Hour)
	out, res, err := PlanUpsert(ctx, again, stored, UpsertOptions{}, later)
	if err != nil {
		t.Fatal(err)
	}
	if res.Organisations.Updated != 1 || res.Changed() && out.Len() != 1 {
		t.Fatalf("want exactly the organisation updated, got %+v (%d to write)", res, out.Len())
	}
	if res.Relationships.Unchanged != 2 || res.Persons.Unchanged != 1 {
		t.Errorf("unchanged counts %+v", res)
	}
	o := again.Organisations[0]
	if !o.CreatedAt.Equal(t0) || !o.UpdatedAt.Equal(later) {
		t.Errorf("update must keep created_at and move updated_at: %+v", o.Audit)
	}
	if _, _, err := PlanUpsert(ctx, small(), stored, UpsertOptions{CreateOnly: true}, later); ErrorCode(err) != ECONFLICT {
		t.Errorf("CreateOnly over stored ids: code %q, want conflict", ErrorCode(err))
	}
}

// TestPlanUpsertReportsEveryProblem: the bad-input cases of the foundation
// issue, all in one batch, each reported with its record and field.
func TestPlanUpsertReportsEveryProblem(t *testing.T) {
	b := small()
	b.Persons = append(b.Persons, &Person{ID: "per-2", Name: "   "})
	b.Relationships = append(b.Relationships,
		&Relationship{Type: RelKnows, From: "emp-1", To: "per-404", Strength: 0.5},
		&Relationship{Type: RelKnows, From: "emp-1", To: "per-1", Strength: 1.5, ID: "x"},
		&Relationship{Type: "likes", From: "emp-1", To: "per-1", Strength: 0.5},
		&Relationship{Type: RelWorksAt, From: "per-1", To: "emp-1", Strength: 0.5},
	)
	b.Organisations = append(b.Organisations, &Organisation{ID: "emp-1", Name: "Dup"})
	_, _, err := PlanUpsert(context.Background(), b, memLookup{}, UpsertOptions{}, t0)
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("err = %v, want Errors", err)
	}
	want := map[string]string{ // item → field
		"persons[1]":       "name",
		"relationships[2]": "to",
		"relationships[3]": "strength",
		"relationships[4]": "type",
		"relationships[5]": "to",
		"organisations[1]": "id",
	}
	got := map[string]string{}
	for _, e := range es {
		got[e.Item] = e.Field
	}
	for item, field := range want {
		if got[item] != field {
			t.Errorf("%s: field %q, want %q (all: %v)", item, got[item], field, es)
		}
	}
	if len(es) != len(want) {
		t.Errorf("got %d errors, want %d: %v", len(es), len(want), es)
	}
}

func TestPlanUpsertUpdateOnlyMissing(t *testing.T) {
	b := &Batch{Employees: []*Employee{{ID: "emp-9", Name: "X", Role: RoleStaff}}}
	_, _, err := PlanUpsert(context.Background(), b, memLookup{}, UpsertOptions{UpdateOnly: true}, t0)
	if ErrorCode(err) != ENOTFOUND {
		t.Errorf("code %q, want not_found", ErrorCode(err))
	}
	var es Errors
	if errors.As(err, &es) && es[0].Item != "" {
		t.Errorf("single-record errors must not name an item: %q", es[0].Item)
	}
}

func TestValidateLevelOnlyForEmployeeTies(t *testing.T) {
	b := &Batch{
		Persons:       []*Person{{ID: "a", Name: "A"}, {ID: "b", Name: "B"}},
		Relationships: []*Relationship{{Type: RelKnows, From: "a", To: "b", Strength: 0.5, Level: LevelStrategic}},
	}
	_, _, err := PlanUpsert(context.Background(), b, memLookup{}, UpsertOptions{}, t0)
	var es Errors
	if !errors.As(err, &es) || len(es) != 1 || es[0].Field != "level" {
		t.Errorf("err = %v, want one error on level", err)
	}
}
