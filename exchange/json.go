package exchange

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"

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
//	  "scheme": {...}, "policies": [...], "assessments": [...]
//	}
//
// Records are encoded as the API encodes them (graph's JSON tags), with
// their audit fields; an import ignores the audit fields (the importing
// store sets its own). Every key is optional on import, so a hand-written
// {"organisations": [...]} is a document too; "format", when present, must
// be "relmap" and "version" at most FormatVersion.
type Document struct {
	Format  string `json:"format,omitempty"`
	Version int    `json:"version,omitempty"`
	graph.Batch
	Segmentation
}

// WriteJSON writes everything s holds as one Document: every employee,
// organisation, person, relationship and contact and, when s implements
// segment.Store, its scheme, policy table and assessments. Records are
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
// field ("relationships[3].strength") and the line. It returns the records
// as a batch, and the segmentation, or nil when the document holds none.
// The records are not validated here: Import does that.
func ReadJSON(r io.Reader) (*graph.Batch, *Segmentation, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, fmt.Errorf("read json: %w", err)
	}
	var doc Document
	if err := graph.DecodeJSON(bytes.TrimPrefix(data, []byte("\uFEFF")), &doc); err != nil {
		return nil, nil, err
	}
	if doc.Format != "" && doc.Format != FormatName {
		return nil, nil, graph.Errors{graph.Invalid("format", "%q is not %q", doc.Format, FormatName)}
	}
	if doc.Version > FormatVersion {
		return nil, nil, graph.Errors{graph.Invalid("version", "%d is newer than this relmap reads (%d); upgrade relmap", doc.Version, FormatVersion)}
	}
	b := doc.Batch
	if doc.Segmentation.empty() {
		return &b, nil, nil
	}
	seg := doc.Segmentation
	return &b, &seg, nil
}

// Result reports what Import did (or, in a dry run, would do).
type Result struct {
	graph.UpsertResult
	Assessments graph.Counts `json:"assessments"`
	// SchemeChanged and PoliciesChanged report whether the document's
	// scheme and policy table differ from the stored ones.
	SchemeChanged   bool `json:"scheme_changed"`
	PoliciesChanged bool `json:"policies_changed"`
}

// Changed reports whether the import changed anything.
func (r *Result) Changed() bool {
	return r.UpsertResult.Changed() || r.Assessments.Created+r.Assessments.Updated > 0 || r.SchemeChanged || r.PoliciesChanged
}

// Import writes a batch and a segmentation (nil for none) read by ReadJSON
// into s. Everything is validated before anything is written: the
// scheme and policies on their own, the assessments against the document's
// scheme (or the stored one) and the stakeholders of the batch and the
// store, and the batch by the store (graph.PlanUpsert). Then the batch is
// upserted in one step, and the scheme, the policies and the assessments
// are saved after it, each in its own step; between those steps only a
// failure of the store (or a stakeholder deleted meanwhile) can stop the
// import half way. Records are matched by id: importing the same document
// again changes nothing.
//
// A segmentation into a store that does not implement segment.Store is an
// EINVALID error and nothing is written.
//
// In a dry run nothing is written. Assessment counts are then exact when
// the scheme is unchanged and every assessed stakeholder is stored already;
// otherwise the assessments of stakeholders not yet stored count as created
// and the rest are counted against the stored scheme.
func Import(ctx context.Context, s graph.Store, b *graph.Batch, seg *Segmentation, opts graph.UpsertOptions) (*Result, error) {
	if b == nil {
		b = &graph.Batch{}
	}
	var ss segment.Store
	if seg != nil {
		var ok bool
		if ss, ok = s.(segment.Store); !ok {
			return nil, graph.Errors{graph.Invalid("scheme", "the store keeps no segmentation: the scheme, policies and assessments cannot be imported")}
		}
	}
	var res Result
	if seg != nil {
		if err := res.checkSegmentation(ctx, s, ss, b, seg); err != nil {
			return nil, err
		}
	}
	if b.Len() > 0 {
		ur, err := s.Upsert(ctx, b, graph.UpsertOptions{DryRun: opts.DryRun})
		if err != nil {
			return nil, err
		}
		res.UpsertResult = *ur
	}
	if seg == nil {
		return &res, nil
	}
	if opts.DryRun {
		return &res, res.dryRunAssessments(ctx, s, ss, seg)
	}
	if seg.Scheme != nil && res.SchemeChanged {
		if err := ss.SaveScheme(ctx, seg.Scheme); err != nil {
			return nil, fmt.Errorf("import scheme: %w", err)
		}
	}
	if len(seg.Policies) > 0 && res.PoliciesChanged {
		if err := ss.SavePolicies(ctx, seg.Policies); err != nil {
			return nil, fmt.Errorf("import policies: %w", err)
		}
	}
	if len(seg.Assessments) > 0 {
		c, err := ss.UpsertAssessments(ctx, seg.Assessments, graph.UpsertOptions{})
		if err != nil {
			return nil, fmt.Errorf("import assessments: %w", err)
		}
		res.Assessments = c
	}
	return &res, nil
}

// checkSegmentation validates seg before anything is written and records
// whether the scheme and policies differ from the stored ones.
func (r *Result) checkSegmentation(ctx context.Context, s graph.Store, ss segment.Store, b *graph.Batch, seg *Segmentation) error {
	var errs graph.Errors
	prefix := func(err error, item string) {
		for _, e := range asErrors(err) {
			y := *e
			if y.Item == "" {
				y.Item = item
			} else {
				y.Item = item + "." + y.Item
			}
			errs = append(errs, &y)
		}
	}
	stored, err := ss.Scheme(ctx)
	if err != nil {
		return err
	}
	scheme := stored
	if seg.Scheme != nil {
		if err := seg.Scheme.Validate(); err != nil {
			prefix(err, "scheme")
		}
		scheme = seg.Scheme
		r.SchemeChanged = !sameJSON(seg.Scheme, stored)
	}
	if len(seg.Policies) > 0 {
		if err := seg.Policies.Validate(); err != nil {
			for _, e := range asErrors(err) {
				errs = append(errs, e) // items are "policies[i]" already
			}
		}
		ps, err := ss.Policies(ctx)
		if err != nil {
			return err
		}
		r.PoliciesChanged = !sameJSON(seg.Policies, ps)
	}
	// Stakeholders: in the batch, or stored.
	inBatch := map[string]bool{}
	for _, o := range b.Organisations {
		inBatch[o.ID] = true
	}
	for _, p := range b.Persons {
		inBatch[p.ID] = true
	}
	var ask []string
	for i, a := range seg.Assessments {
		a.Normalize()
		if err := a.Validate(scheme); err != nil {
			prefix(err, fmt.Sprintf("assessments[%d]", i))
		}
		if a.StakeholderID != "" && !inBatch[a.StakeholderID] {
			ask = append(ask, a.StakeholderID)
		}
	}
	known, err := storedStakeholders(ctx, s, ask)
	if err != nil {
		return err
	}
	for i, a := range seg.Assessments {
		if a.StakeholderID != "" && !inBatch[a.StakeholderID] && !known[a.StakeholderID] {
			e := graph.Invalid("stakeholder_id", "stakeholder %q is neither in the document nor stored", a.StakeholderID)
			e.Item = fmt.Sprintf("assessments[%d]", i)
			errs = append(errs, e)
		}
	}
	return capped(errs).Err()
}

// dryRunAssessments counts what saving the assessments would do.
func (r *Result) dryRunAssessments(ctx context.Context, s graph.Store, ss segment.Store, seg *Segmentation) error {
	if len(seg.Assessments) == 0 {
		return nil
	}
	ids := make([]string, 0, len(seg.Assessments))
	for _, a := range seg.Assessments {
		ids = append(ids, a.StakeholderID)
	}
	known, err := storedStakeholders(ctx, s, ids)
	if err != nil {
		return err
	}
	var old []*segment.Assessment
	for _, a := range seg.Assessments {
		if known[a.StakeholderID] {
			old = append(old, a)
		} else {
			r.Assessments.Created++
		}
	}
	if len(old) == 0 {
		return nil
	}
	c, err := ss.UpsertAssessments(ctx, old, graph.UpsertOptions{DryRun: true})
	if err != nil && !r.SchemeChanged {
		return fmt.Errorf("import assessments: %w", err)
	}
	if err != nil { // they fit the new scheme only: count them as new
		c = graph.Counts{Created: len(old)}
	}
	r.Assessments.Created += c.Created
	r.Assessments.Updated += c.Updated
	r.Assessments.Unchanged += c.Unchanged
	return nil
}

// storedStakeholders returns which of ids are stored organisations or
// persons.
func storedStakeholders(ctx context.Context, s graph.Store, ids []string) (map[string]bool, error) {
	slices.Sort(ids)
	ids = slices.Compact(ids)
	known := map[string]bool{}
	for chunk := range slices.Chunk(ids, graph.MaxLimit) {
		f := graph.NodeFilter{IDs: chunk, Page: graph.Page{Limit: graph.MaxLimit}}
		os, _, err := s.FindOrganisations(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, o := range os {
			known[o.ID] = true
		}
		ps, _, err := s.FindPersons(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			known[p.ID] = true
		}
	}
	return known, nil
}

func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}
