package authtest

import (
	"context"
	"testing"

	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/storetest"
)

// WriteStore is a store of the network that keeps the audit log: what
// RunWrites tests.
type WriteStore interface {
	graph.Store
	auth.Store
}

// BrokenActor is the actor whose audit entries a store cannot append once
// RunWrites has called its breakAudit.
const BrokenActor = "broken"

// RunWrites checks that a write appends the pending audit entry of its
// context (auth.WithAudit) in its own transaction: the entry is stored with
// a write that commits, not with one that fails or is a dry run, once per
// context; and when the append fails, the write fails and leaves nothing.
// open returns an empty store as for Run. breakAudit(t, s) makes every
// later append of an entry with Actor BrokenActor fail in the database
// itself (a trigger, a constraint: no fake), until t ends.
func RunWrites(t *testing.T, open func(t *testing.T) WriteStore, breakAudit func(t *testing.T, s WriteStore)) {
	t.Run("WithTheWrite", func(t *testing.T) { testWithTheWrite(t, open(t)) })
	t.Run("NotWithoutAWrite", func(t *testing.T) { testNotWithoutAWrite(t, open(t)) })
	t.Run("FailedAppendUndoesTheWrite", func(t *testing.T) {
		s := open(t)
		testFailedAppend(t, s, func() { breakAudit(t, s) })
	})
}

func pending(actor, action, target string, status int) *auth.AuditEntry {
	return &auth.AuditEntry{At: day, Actor: actor, TokenID: "tok-" + actor, Action: action, Target: target,
		Status: status, Client: "10.0.0.7", RequestID: "r-" + action, ClientRequestID: "client-" + actor}
}

func testWithTheWrite(t *testing.T, s WriteStore) {
	bg := context.Background()
	e := pending("Anna", "POST /api/v1/persons", "per-jan", 201)
	ctx := auth.WithAudit(graph.WithActor(bg, "Anna"), e)
	storetest.Must(t, s.CreatePerson(ctx, &graph.Person{ID: "per-jan", Name: "Jan de Vries"}))
	if e.Seq == 0 {
		t.Fatal("create: the pending entry has no seq: it was not stored with the write")
	}
	// A second write under the same context does not append it again.
	title := "director"
	_, err := s.UpdatePerson(ctx, "per-jan", graph.PersonUpdate{Title: &title})
	storetest.Must(t, err)
	es, total, err := s.FindAudit(bg, auth.AuditFilter{})
	storetest.Must(t, err)
	if d := storetest.Diff([]*auth.AuditEntry{e}, es); d != "" || total != 1 {
		t.Errorf("after a create and an update under one context (total %d, want 1): %s", total, d)
	}

	// A token and its revocation are writes like any other.
	tok, _, err := auth.NewToken("bot", auth.Viewer, "Anna", day)
	storetest.Must(t, err)
	te := pending("Admin", "POST /api/v1/tokens", tok.ID, 201)
	storetest.Must(t, s.CreateToken(auth.WithAudit(bg, te), tok))
	re := pending("Root", "DELETE /api/v1/tokens/:id", tok.ID, 204)
	storetest.Must(t, s.RevokeToken(auth.WithAudit(bg, re), tok.ID, day))
	de := pending("Bert", "DELETE /api/v1/persons/:id", "per-jan", 204)
	storetest.Must(t, s.DeletePerson(auth.WithAudit(bg, de), "per-jan"))
	for _, x := range []*auth.AuditEntry{te, re, de} {
		if x.Seq == 0 {
			t.Errorf("%s: not stored with its write", x.Action)
		}
	}
	es, total, err = s.FindAudit(bg, auth.AuditFilter{})
	storetest.Must(t, err)
	if d := storetest.Diff([]*auth.AuditEntry{de, re, te, e}, es); d != "" || total != 4 {
		t.Errorf("after token, revocation and delete (total %d, want 4): %s", total, d)
	}
}

func testNotWithoutAWrite(t *testing.T, s WriteStore) {
	bg := context.Background()
	storetest.Must(t, s.CreatePerson(bg, &graph.Person{ID: "per-jan", Name: "Jan de Vries"}))
	for _, tc := range []struct {
		name  string
		write func(ctx context.Context) error
	}{
		{"invalid create", func(ctx context.Context) error {
			return s.CreatePerson(ctx, &graph.Person{ID: "per-x"}) // no name
		}},
		{"duplicate create", func(ctx context.Context) error {
			return s.CreatePerson(ctx, &graph.Person{ID: "per-jan", Name: "Jan"})
		}},
		{"delete of nothing", func(ctx context.Context) error { return s.DeletePerson(ctx, "per-nobody") }},
		{"dry run", func(ctx context.Context) error {
			_, err := s.Upsert(ctx, &graph.Batch{Persons: []*graph.Person{{ID: "per-new", Name: "New"}}}, graph.UpsertOptions{DryRun: true})
			return err
		}},
	} {
		e := pending("Anna", tc.name, "", 200)
		err := tc.write(auth.WithAudit(bg, e))
		if e.Seq != 0 {
			t.Errorf("%s (%v): the entry was stored (seq %d), but nothing was written", tc.name, err, e.Seq)
		}
	}
	if _, total, err := s.FindAudit(bg, auth.AuditFilter{}); err != nil || total != 0 {
		t.Errorf("%d entries (%v), want none", total, err)
	}
}

func testFailedAppend(t *testing.T, s WriteStore, breakAudit func()) {
	bg := context.Background()
	storetest.Must(t, s.CreatePerson(bg, &graph.Person{ID: "per-jan", Name: "Jan de Vries"}))
	tok, _, err := auth.NewToken("bot", auth.Viewer, "Anna", day)
	storetest.Must(t, err)
	v0, err := s.Version(bg)
	storetest.Must(t, err)
	breakAudit()
	_, n0, err := s.FindAudit(bg, auth.AuditFilter{}) // breakAudit may add one
	storetest.Must(t, err)
	broken := func() context.Context {
		return auth.WithAudit(graph.WithActor(bg, BrokenActor), pending(BrokenActor, "write", "", 200))
	}
	title := "director"
	for _, tc := range []struct {
		name  string
		write func(ctx context.Context) error
	}{
		{"create", func(ctx context.Context) error {
			return s.CreatePerson(ctx, &graph.Person{ID: "per-new", Name: "New"})
		}},
		{"update", func(ctx context.Context) error {
			_, err := s.UpdatePerson(ctx, "per-jan", graph.PersonUpdate{Title: &title})
			return err
		}},
		{"delete", func(ctx context.Context) error { return s.DeletePerson(ctx, "per-jan") }},
		{"token", func(ctx context.Context) error { return s.CreateToken(ctx, tok) }},
	} {
		if err := tc.write(broken()); err == nil {
			t.Errorf("%s: no error although its audit entry could not be stored", tc.name)
		} else if c := graph.ErrorCode(err); c != graph.EINTERNAL && c != graph.EUNAVAILABLE {
			t.Errorf("%s: %v (%s), want internal or unavailable: the caller's write is not at fault", tc.name, err, c)
		}
	}
	// Everything is as it was.
	if _, err := s.FindPersonByID(bg, "per-new"); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("the person created: %v, want not found", err)
	}
	if p, err := s.FindPersonByID(bg, "per-jan"); err != nil || p.Title != "" {
		t.Errorf("the person updated and deleted: %+v, %v; want it unchanged", p, err)
	}
	if _, err := s.FindTokenByHash(bg, tok.Hash); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("the token: %v, want not found", err)
	}
	if v, err := s.Version(bg); err != nil || v != v0 {
		t.Errorf("version %d (%v), want %d", v, err, v0)
	}
	if _, total, err := s.FindAudit(bg, auth.AuditFilter{}); err != nil || total != n0 {
		t.Errorf("%d entries (%v), want %d", total, err, n0)
	}
	// An entry of another actor is stored as ever.
	ok := pending("Anna", "write", "", 200)
	storetest.Must(t, s.CreatePerson(auth.WithAudit(bg, ok), &graph.Person{ID: "per-new", Name: "New"}))
	if ok.Seq == 0 {
		t.Error("an entry that can be stored was not")
	}
}
