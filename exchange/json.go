package exchange

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// The JSON document's format name and version.
const (
	FormatName    = "relmap"
	FormatVersion = 1
)

// Segmentation is the part of a JSON document that segment.Store keeps: the
// scheme, the policy table and the assessments.
type Segmentation struct {
	Scheme      *segment.Scheme       `json:"scheme,omitempty"`
	Policies    segment.Policies      `json:"policies,omitempty"`
	Assessments []*segment.Assessment `json:"assessments,omitempty"`
}

func (s *Segmentation) empty() bool {
	return s.Scheme == nil && len(s.Policies) == 0 && len(s.Assessments) == 0
}

// Document is the JSON document WriteJSON writes and ReadJSON reads:
//
//	{
//	  "format": "relmap",
//	  "version": 1,
//	  "employees": [...], "organisations": [...], "persons": [...],
//	  "relationships": [...], "contacts": [...],
//	  "scheme": {...}, "policies": [...], "assessments": [...],
//	  "suppressions": [{"hash": "…", "erased_at": "…"}, ...],
//	  "intros": [{"id": "…", "state": "met", "history": [...], ...}, ...],
//	  "plans": [{"id": "…", "state": "achieved", "closed": {...}, ...}, ...],
//	  "actions": [{"id": "…", "state": "done", "closed": {...}, ...}, ...]
//	}
//
// Records are encoded as the API encodes them (graph's JSON tags), with
// their audit fields, and an import keeps them for the records it creates
// (graph.UpsertOptions.KeepAudit), so that a backup restored into an empty
// store has the stamps it had; a record it changes is stamped with the
// import's time and actor, as any change. The suppressions are the
// suppression list of erased persons (digests only): an import adds them
// first, so that neither the document nor a later import brings an erased
// person back. The introduction requests are written last, as they are:
// their state, every transition and their stamps (a request already
// stored under the same id must name the same people; restoring the same
// backup again changes nothing). The access plans and actions follow, as
// they are too: state, closing and stamps (a plan stored under the same id
// must be for the same target, an action for the same stakeholder in the
// same plan). Every key is optional on import, so a hand-written
// {"organisations": [...]} is a document too; "format", when present, must
// be "relmap" and "version" at most FormatVersion.
type Document struct {
	Format  string `json:"format,omitempty"`
	Version int    `json:"version,omitempty"`
	graph.Batch
	Segmentation
	Suppressions []graph.Suppression `json:"suppressions,omitempty"`
	// Intros are the introduction requests with their states, histories
	// (every transition's day, who recorded it, its note) and stamps,
	// restored as they are (graph.PlanIntroImport).
	Intros []*graph.IntroRequest `json:"intros,omitempty"`
	// Plans and Actions are the access plans and actions with their
	// states, closings and stamps, restored as they are
	// (graph.PlanPlanImport, graph.PlanActionImport).
	Plans   []*graph.Plan   `json:"plans,omitempty"`
	Actions []*graph.Action `json:"actions,omitempty"`
}

// Segmented reports whether d holds a segmentation (scheme, policies or
// assessments).
func (d *Document) Segmented() bool { return !d.Segmentation.empty() }

// WriteJSON writes everything s holds as one Document: every employee,
// organisation, person, relationship and contact, when s implements
// segment.Store its scheme, policy table and assessments, when it keeps
// them (graph.IntroStore, graph.PlanStore) its introduction requests,
// access plans and actions, and when it keeps one
// (graph.PrivacyStore) its suppression list. Records are
// listed a page at a time and written as they come, so memory stays
// bounded; the pages are separate reads, so a store written to meanwhile
// may give a document that mixes states (the records of each kind are
// still whole and valid).
func WriteJSON(ctx context.Context, w io.Writer, s graph.Store) error {
	jw := &jsonWriter{w: w}
	jw.printf("{\n  \"format\": %q,\n  \"version\": %d", FormatName, FormatVersion)
	sections := []struct {
		name string
		list func(func(any) error) error
	}{
		{"employees", func(fn func(any) error) error {
			return eachPage(ctx, s, formats[Employees].(*table[graph.Employee]).find, func(x *graph.Employee) error { return fn(x) })
		}},
		{"organisations", func(fn func(any) error) error {
			return eachPage(ctx, s, formats[Organisations].(*table[graph.Organisation]).find, func(x *graph.Organisation) error { return fn(x) })
		}},
		{"persons", func(fn func(any) error) error {
			return eachPage(ctx, s, formats[Persons].(*table[graph.Person]).find, func(x *graph.Person) error { return fn(x) })
		}},
		{"relationships", func(fn func(any) error) error {
			return eachPage(ctx, s, formats[Relationships].(*table[graph.Relationship]).find, func(x *graph.Relationship) error { return fn(x) })
		}},
		{"contacts", func(fn func(any) error) error {
			return eachPage(ctx, s, formats[Contacts].(*table[graph.Contact]).find, func(x *graph.Contact) error { return fn(x) })
		}},
	}
	writeSection := func(name string, list func(func(any) error) error) error {
		jw.printf(",\n  %q: [", name)
		n := 0
		err := list(func(x any) error {
			if n > 0 {
				jw.printf(",")
			}
			n++
			jw.printf("\n    ")
			jw.value(x, "    ")
			return jw.err
		})
		if err != nil {
			return fmt.Errorf("export json: %s: %w", name, err)
		}
		if n > 0 {
			jw.printf("\n  ")
		}
		jw.printf("]")
		return nil
	}
	for _, sec := range sections {
		if err := writeSection(sec.name, sec.list); err != nil {
			return err
		}
	}
	if ss, ok := s.(segment.Store); ok {
		sc, err := ss.Scheme(ctx)
		if err != nil {
			return fmt.Errorf("export json: scheme: %w", err)
		}
		ps, err := ss.Policies(ctx)
		if err != nil {
			return fmt.Errorf("export json: policies: %w", err)
		}
		jw.printf(",\n  \"scheme\": ")
		jw.value(sc, "  ")
		jw.printf(",\n  \"policies\": ")
		jw.value(ps, "  ")
		err = writeSection("assessments", func(fn func(any) error) error {
			return eachPage(ctx, s, func(ctx context.Context, _ graph.Store, p graph.Page) ([]*segment.Assessment, int, error) {
				return ss.FindAssessments(ctx, segment.AssessmentFilter{Page: p})
			}, func(x *segment.Assessment) error { return fn(x) })
		})
		if err != nil {
			return err
		}
	}
	if is, ok := s.(graph.IntroStore); ok {
		err := writeSection("intros", func(fn func(any) error) error {
			return eachPage(ctx, s, func(ctx context.Context, _ graph.Store, p graph.Page) ([]*graph.IntroRequest, int, error) {
				return is.FindIntros(ctx, graph.IntroFilter{Page: p})
			}, func(x *graph.IntroRequest) error { return fn(x) })
		})
		if err != nil {
			return err
		}
	}
	if ps, ok := s.(graph.PlanStore); ok {
		err := writeSection("plans", func(fn func(any) error) error {
			return eachPage(ctx, s, func(ctx context.Context, _ graph.Store, p graph.Page) ([]*graph.Plan, int, error) {
				return ps.FindPlans(ctx, graph.PlanFilter{Page: p})
			}, func(x *graph.Plan) error { return fn(x) })
		})
		if err == nil {
			err = writeSection("actions", func(fn func(any) error) error {
				return eachPage(ctx, s, func(ctx context.Context, _ graph.Store, p graph.Page) ([]*graph.Action, int, error) {
					return ps.FindActions(ctx, graph.ActionFilter{Page: p})
				}, func(x *graph.Action) error { return fn(x) })
			})
		}
		if err != nil {
			return err
		}
	}
	if ps, ok := s.(interface {
		Suppressions(ctx context.Context) ([]graph.Suppression, error)
	}); ok {
		list, err := ps.Suppressions(ctx)
		if err != nil {
			return fmt.Errorf("export json: suppressions: %w", err)
		}
		err = writeSection("suppressions", func(fn func(any) error) error {
			for _, x := range list {
				if err := fn(x); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	jw.printf("\n}\n")
	if jw.err != nil {
		return fmt.Errorf("export json: %w", jw.err)
	}
	return nil
}

// jsonWriter writes JSON by hand around values encoded by encoding/json,
// keeping the first error.
type jsonWriter struct {
	w   io.Writer
	err error
	buf bytes.Buffer
}

func (j *jsonWriter) printf(format string, args ...any) {
	if j.err == nil {
		_, j.err = fmt.Fprintf(j.w, format, args...)
	}
}

func (j *jsonWriter) value(v any, indent string) {
	if j.err != nil {
		return
	}
	j.buf.Reset()
	enc := json.NewEncoder(&j.buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent(indent, "  ")
	if j.err = enc.Encode(v); j.err == nil {
		_, j.err = j.w.Write(bytes.TrimRight(j.buf.Bytes(), "\n"))
	}
}

// ReadJSON reads a Document (see there) strictly with graph.DecodeJSON:
// unknown keys, wrong types and trailing data are graph.Errors naming the
// field ("relationships[3].strength") and the line. The records are not
// validated here: Import does that.
func ReadJSON(r io.Reader) (*Document, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read json: %w", err)
	}
	var doc Document
	if err := graph.DecodeJSON(bytes.TrimPrefix(data, []byte("\uFEFF")), &doc); err != nil {
		return nil, err
	}
	if doc.Format != "" && doc.Format != FormatName {
		return nil, graph.Errors{graph.Invalid("format", "%q is not %q", doc.Format, FormatName)}
	}
	if doc.Version > FormatVersion {
		return nil, graph.Errors{graph.Invalid("version", "%d is newer than this relmap reads (%d); upgrade relmap", doc.Version, FormatVersion)}
	}
	return &doc, nil
}

// Result reports what Import did (or, in a dry run, would do).
type Result = segment.ImportResult

// Import writes a Document read by ReadJSON into s, all or nothing, in one
// transaction of the store (segment.Importer): the suppression list, the
// scheme and the policies, the batch, then the assessments, checked
// against the document's scheme (or the stored one) and the stakeholders
// of the batch and the store. Records it creates keep the stamps they
// carry (graph.UpsertOptions.KeepAudit). Every problem is reported at once
// (as graph.Errors with the document's paths as items, "relationships[3]",
// "assessments[0]", "scheme.criteria[1]", "suppressions[2]") and nothing
// is written. Records are matched by id: importing the same document again
// changes nothing. A dry run does the import and rolls it back, so its
// counts are exact.
//
// A store that is not a segment.Importer gets the batch through
// Store.Upsert, and a segmentation or a suppression list into it is an
// EINVALID error (nothing is written).
func Import(ctx context.Context, s graph.Store, doc *Document, opts graph.UpsertOptions) (*Result, error) {
	if doc == nil {
		doc = &Document{}
	}
	b := &doc.Batch
	uopts := graph.UpsertOptions{DryRun: opts.DryRun, KeepAudit: true}
	imp, ok := s.(segment.Importer)
	if !ok {
		if doc.Segmented() || len(doc.Suppressions) > 0 || len(doc.Intros) > 0 || len(doc.Plans) > 0 || len(doc.Actions) > 0 {
			return nil, graph.Errors{graph.Invalid("scheme", "the store keeps no segmentation, suppression list, introduction requests or plans: the scheme, policies, assessments, suppressions, intros, plans and actions cannot be imported")}
		}
		var res Result
		if b.Len() > 0 {
			ur, err := s.Upsert(ctx, b, uopts)
			if err != nil {
				return nil, err
			}
			res.UpsertResult = *ur
		}
		return &res, nil
	}
	seg := doc.Segmentation
	in := &segment.Import{Batch: b, Scheme: seg.Scheme, Policies: seg.Policies, Assessments: seg.Assessments, Suppressions: doc.Suppressions, Intros: doc.Intros,
		Plans: doc.Plans, Actions: doc.Actions}
	res, err := imp.Import(ctx, segment.Parts(in), uopts)
	if pe := (*segment.PartError)(nil); errors.As(err, &pe) {
		return nil, capped(asErrors(pe.Err)).Err()
	}
	return res, err
}
