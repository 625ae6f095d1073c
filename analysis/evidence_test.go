package analysis

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
)

// TestTieEvidenceHandComputed checks TieEvidence against values worked out
// by hand from its doc comment: f = 1 − exp(−n/4), r = 2^(−a/365),
// S = max(s, (s+f+r)/3). Tolerance 1e-6.
func TestTieEvidenceHandComputed(t *testing.T) {
	now := day("2025-01-01")
	ago := func(days int) time.Time { return now.AddDate(0, 0, -days) }
	times := func(n int, d time.Time) []time.Time {
		out := make([]time.Time, n)
		for i := range out {
			out[i] = d
		}
		return out
	}
	tests := []struct {
		name    string
		stated  float64
		dates   []time.Time
		want    Evidence
		comment string
	}{
		{
			name: "no contacts keeps the stated strength", stated: 0.7,
			want: Evidence{Stated: 0.7, Strength: 0.7},
		},
		{
			name: "only a future contact is no evidence", stated: 0.7, dates: []time.Time{now.AddDate(0, 0, 3)},
			want: Evidence{Stated: 0.7, Strength: 0.7},
		},
		{
			// f = 1 − e^(−1/4) = 0.221199, r = 1, B = (0.6+0.221199+1)/3 = 0.607066 > 0.6.
			name: "one contact today", stated: 0.6, dates: []time.Time{now},
			want: Evidence{Stated: 0.6, Frequency: 0.221199, Recency: 1, Strength: 0.607066, Contacts: 1, Last: now},
		},
		{
			// 365 days before 2025-01-01 is 2024-01-02, inside the twelve
			// months (after 2024-01-01): n = 1, f = 0.221199, r = ½,
			// B = (0.8+0.221199+0.5)/3 = 0.507066 < 0.8: a contact a year ago
			// leaves the stated strength as it is (the issue: logging one
			// meeting lowered an alderman's 0.7 to 0.56).
			name: "an old contact never lowers the tie", stated: 0.8, dates: []time.Time{ago(365)},
			want: Evidence{Stated: 0.8, Frequency: 0.221199, Recency: 0.5, Strength: 0.8, Contacts: 1, Last: ago(365)},
		},
		{
			// n = 0, r = ¼, B = (0.9+0+0.25)/3 = 0.383333 < 0.9.
			name: "two quiet years keep the stated strength", stated: 0.9, dates: []time.Time{ago(730), ago(900)},
			want: Evidence{Stated: 0.9, Recency: 0.25, Strength: 0.9, Last: ago(730)},
		},
		{
			// The alderman: stated 0.7, one meeting in March, read
			// on 2025-01-01 (a = 276 days: 2024-03-31): f = 0.221199,
			// r = 2^(−276/365) = 0.592068, B = 0.504422 < 0.7.
			name: "the alderman keeps 0.7", stated: 0.7, dates: []time.Time{day("2024-03-31")},
			want: Evidence{Stated: 0.7, Frequency: 0.221199, Recency: 0.592068, Strength: 0.7, Contacts: 1, Last: day("2024-03-31")},
		},
		{
			// f = 1 − e^−2 = 0.864665, r = 2^(−10/365) = 0.981189,
			// B = (0.5+0.864665+0.981189)/3 = 0.781951 > 0.5.
			name: "frequent and recent lifts a weak tie", stated: 0.5, dates: append(times(7, ago(100)), ago(10), ago(400)),
			want: Evidence{Stated: 0.5, Frequency: 0.864665, Recency: 0.981189, Strength: 0.781951, Contacts: 8, Last: ago(10)},
		},
		{
			// f = 1 − e^−1 = 0.632121, r = 1, B = 1.632121/3 = 0.544040.
			name: "contacts give an unstated tie strength", stated: 0, dates: times(4, now),
			want: Evidence{Stated: 0, Frequency: 0.632121, Recency: 1, Strength: 0.544040, Contacts: 4, Last: now},
		},
		{
			// s = 1 (clamped), B = (1+0.999955+1)/3 ≈ 1.
			name: "never above one", stated: 1.2, dates: times(40, now),
			want: Evidence{Stated: 1, Frequency: 0.999955, Recency: 1, Strength: 1, Contacts: 40, Last: now},
		},
	}
	const tol = 1e-6
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := TieEvidence(tc.stated, tc.dates, now)
			w := tc.want
			if math.Abs(got.Stated-w.Stated) > tol || math.Abs(got.Frequency-w.Frequency) > tol ||
				math.Abs(got.Recency-w.Recency) > tol || math.Abs(got.Strength-w.Strength) > tol ||
				got.Contacts != w.Contacts || !got.Last.Equal(w.Last) {
				t.Errorf("TieEvidence = %+v\nwant           %+v", got, w)
			}
			if got.Strength < got.Stated || got.Strength > 1 {
				t.Errorf("strength %v outside [stated, 1]", got.Strength)
			}
		})
	}
}

// evidenceSource serves a fixed network and contact log, at a version the
// test may move.
type evidenceSource struct {
	n        graph.Network
	contacts []*graph.Contact
	reads    int
}

func (e *evidenceSource) Version(context.Context) (int64, error) { return e.n.Version, nil }
func (e *evidenceSource) Network(_ context.Context, v graph.NetworkVisitor) (int64, error) {
	e.reads++
	for _, x := range e.n.Nodes {
		if err := v.Node(x); err != nil {
			return 0, err
		}
	}
	for _, x := range e.n.Edges {
		if err := v.Edge(x); err != nil {
			return 0, err
		}
	}
	return e.n.Version, nil
}
func (e *evidenceSource) FindContacts(_ context.Context, f graph.ContactFilter) ([]*graph.Contact, int, error) {
	lo := min(f.Offset, len(e.contacts))
	hi := min(lo+f.Limit, len(e.contacts))
	return e.contacts[lo:hi], len(e.contacts), nil
}

// TestWarmPathsUseContactEvidence: Anna's tie to Quinn is stated 0.9 and
// quiet for two years (evidence 0.9: quiet contact never lowers a tie, see
// TestTieEvidenceHandComputed); Bram's tie to Bo is stated 0.5 with eight
// contacts this year, the last ten days ago (0.781951). Both contacts work
// at Fonds X (0.8). Stated, Anna's path leads 0.72 against 0.4; with the
// evidence Bram's rises to 0.781951·0.8 = 0.625561 and Anna's stays 0.72.
// (Quinn and Bo are colleagues at Fonds X, the target: no colleague step.)
func TestWarmPathsUseContactEvidence(t *testing.T) {
	now := day("2025-01-01")
	b := new(pathNet).emp("e:anna", "Anna").emp("e:bram", "Bram").
		per("p:quinn", "Quinn").per("p:bo", "Bo").org("o:x", "Fonds X").
		rel(graph.RelKnows, "e:anna", "p:quinn", 0.9).
		rel(graph.RelKnows, "e:bram", "p:bo", 0.5).
		rel(graph.RelWorksAt, "p:quinn", "o:x", 0.8).
		rel(graph.RelWorksAt, "p:bo", "o:x", 0.8)
	b.n.Version = 3
	contact := func(e, s string, d time.Time) *graph.Contact {
		return &graph.Contact{ID: e + s + d.String(), EmployeeID: e, StakeholderID: s, Date: d, Mode: graph.ModeMeeting}
	}
	src := &evidenceSource{n: b.n}
	src.contacts = append(src.contacts, contact("e:anna", "p:quinn", now.AddDate(0, 0, -730)))
	for range 7 {
		src.contacts = append(src.contacts, contact("e:bram", "p:bo", now.AddDate(0, 0, -100)))
	}
	src.contacts = append(src.contacts, contact("e:bram", "p:bo", now.AddDate(0, 0, -10)))

	ctx := context.Background()
	stated := b.snap(t)
	ps, err := WarmPaths(ctx, stated, PathQuery{To: "o:x"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[0].From != "e:anna" || math.Abs(ps[0].Strength-0.72) > 1e-9 {
		t.Fatalf("stated paths = %+v, want Anna's 0.72 first", ps)
	}

	clock := now
	c := &Cache{Source: src, Contacts: src, Now: func() time.Time { return clock }}
	s, err := c.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ps, err = WarmPaths(ctx, s, PathQuery{To: "o:x"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[0].From != "e:anna" || ps[1].From != "e:bram" {
		t.Fatalf("paths = %+v, want Anna's first", ps)
	}
	if math.Abs(ps[0].Strength-0.72) > 1e-6 || math.Abs(ps[1].Strength-0.625561) > 1e-6 {
		t.Errorf("strengths %v, %v; want 0.72 and 0.625561", ps[0].Strength, ps[1].Strength)
	}
	ev := ps[1].Steps[0].Evidence
	if ev == nil || ev.Stated != 0.5 || ev.Contacts != 8 || math.Abs(ev.Strength-0.781951) > 1e-6 {
		t.Errorf("step evidence = %+v, want stated 0.5, 8 contacts, 0.781951", ev)
	}
	if ps[1].Steps[1].Evidence != nil {
		t.Errorf("works_at hop has evidence %+v; only employee ties have", ps[1].Steps[1].Evidence)
	}
	if e, ok := s.Evidence("p:quinn", "e:anna"); !ok || e.Stated != 0.9 || e.Strength != 0.9 {
		t.Errorf("Evidence(quinn, anna) = %+v, %v", e, ok)
	}
	if _, ok := s.Evidence("p:quinn", "o:x"); ok {
		t.Error("Evidence(quinn, fonds) is set; that pair has no contacts")
	}

	// Same version, same day: the cached snapshot. The next day: rebuilt.
	if s2, _ := c.Snapshot(ctx); s2 != s || src.reads != 1 {
		t.Errorf("same day: rebuilt (reads %d)", src.reads)
	}
	clock = now.Add(36 * time.Hour)
	if s3, _ := c.Snapshot(ctx); s3 == s || src.reads != 2 {
		t.Errorf("next day: not rebuilt (reads %d)", src.reads)
	}
}
