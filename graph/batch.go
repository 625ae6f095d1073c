package graph

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Batch is a set of records to upsert together, keyed by their external ids.
// Relationships and contacts may refer to nodes in the same batch.
type Batch struct {
	Employees     []*Employee     `json:"employees,omitempty"`
	Organisations []*Organisation `json:"organisations,omitempty"`
	Persons       []*Person       `json:"persons,omitempty"`
	Relationships []*Relationship `json:"relationships,omitempty"`
	Contacts      []*Contact      `json:"contacts,omitempty"`
}

// Len returns the number of records in b.
func (b *Batch) Len() int {
	return len(b.Employees) + len(b.Organisations) + len(b.Persons) + len(b.Relationships) + len(b.Contacts)
}

// UpsertOptions modify Store.Upsert.
type UpsertOptions struct {
	// DryRun validates and counts but writes nothing.
	DryRun bool
	// CreateOnly turns a record whose id is already stored into an
	// ECONFLICT error instead of an update (the Create* methods use it).
	CreateOnly bool
	// UpdateOnly turns a record whose id is not stored into an ENOTFOUND
	// error instead of a create (the Update* methods use it, so that an
	// update racing a delete cannot bring the record back).
	UpdateOnly bool
	// IfHash, with a single-record batch, makes the write conditional: when
	// the stored record's content hash differs from IfHash (somebody changed
	// it since it was read), the upsert fails with ECONFLICT. The Update*
	// methods use it for optimistic concurrency.
	IfHash string
	// KeepAudit keeps the stamps of the records an upsert creates, as they
	// come in the batch (a backup restored: see Created); otherwise, and for
	// records it changes, the upsert stamps its own time and actor.
	KeepAudit bool
}

// Created returns the audit fields of a record that an upsert creates at
// now by actor, given the ones the record came with: now and actor; or,
// with KeepAudit and a record that carries its creation time, the given
// stamps, with a missing creator taken to be actor and a missing update
// taken to be the creation. The error (field "updated_at") is for stamps
// that update a record before it was created.
func (o UpsertOptions) Created(given Audit, now time.Time, actor string) (Audit, *Error) {
	if !o.KeepAudit || given.CreatedAt.IsZero() {
		return Audit{CreatedAt: now, CreatedBy: actor, UpdatedAt: now, UpdatedBy: actor}, nil
	}
	a := Audit{
		CreatedAt: given.CreatedAt.UTC().Truncate(time.Millisecond), CreatedBy: cmp.Or(given.CreatedBy, actor),
		UpdatedAt: given.UpdatedAt.UTC().Truncate(time.Millisecond), UpdatedBy: given.UpdatedBy,
	}
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = a.CreatedAt
	}
	a.UpdatedBy = cmp.Or(a.UpdatedBy, a.CreatedBy)
	if a.UpdatedAt.Before(a.CreatedAt) {
		return a, Invalid("updated_at", "%s is before created_at %s",
			a.UpdatedAt.Format(time.RFC3339Nano), a.CreatedAt.Format(time.RFC3339Nano))
	}
	return a, nil
}

// Counts says how many records of one kind an upsert created, updated and
// left alone because their content was unchanged.
type Counts struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// Plus returns the sum of c and o.
func (c Counts) Plus(o Counts) Counts {
	return Counts{Created: c.Created + o.Created, Updated: c.Updated + o.Updated, Unchanged: c.Unchanged + o.Unchanged}
}

// UpsertResult reports what an upsert did (or, in a dry run, would do).
type UpsertResult struct {
	Employees     Counts `json:"employees"`
	Organisations Counts `json:"organisations"`
	Persons       Counts `json:"persons"`
	Relationships Counts `json:"relationships"`
	Contacts      Counts `json:"contacts"`
}

// Add adds the counts of o to r: what two upserts did together.
func (r *UpsertResult) Add(o *UpsertResult) {
	r.Employees = r.Employees.Plus(o.Employees)
	r.Organisations = r.Organisations.Plus(o.Organisations)
	r.Persons = r.Persons.Plus(o.Persons)
	r.Relationships = r.Relationships.Plus(o.Relationships)
	r.Contacts = r.Contacts.Plus(o.Contacts)
}

// Changed reports whether the upsert changed anything.
func (r *UpsertResult) Changed() bool {
	for _, c := range []Counts{r.Employees, r.Organisations, r.Persons, r.Relationships, r.Contacts} {
		if c.Created+c.Updated > 0 {
			return true
		}
	}
	return false
}

// Stored is what a store holds under an id: the node kind (for nodes), the
// content hash and the audit fields.
type Stored struct {
	Kind Kind
	Hash string
	Audit
}

// StoredLookup reads what a store holds under the given ids, inside the
// store's write transaction so that the plan and the write see one state.
// Ids that are not stored are absent from the map.
type StoredLookup interface {
	StoredNodes(ctx context.Context, ids []string) (map[string]Stored, error)
	StoredRelationships(ctx context.Context, ids []string) (map[string]Stored, error)
	StoredContacts(ctx context.Context, ids []string) (map[string]Stored, error)
}

// KindLookup is implemented by a StoredLookup that can read the kinds of
// stored nodes without their hash and audit. PlanUpsert then asks it about
// the ids a batch only refers to (relationship ends, owners, a contact's
// employee and stakeholder), and StoredNodes only about the batch's own
// nodes. A store may answer it from memory: both graph stores keep the
// kinds they read or wrote during one import (see segment.Importer), so
// that an import of many parts reads each referenced node once. Without
// it, PlanUpsert asks StoredNodes about every id.
type KindLookup interface {
	// NodeKinds returns the kind of the stored node of each of ids (which
	// may repeat), in their order: "" for an id no stored node has.
	NodeKinds(ctx context.Context, ids []string) ([]Kind, error)
}

// PlanUpsert is the store-independent half of an upsert. It normalizes and
// validates every record of b, checks ids and references against b itself
// and what look reports as stored, and returns the records that must be
// written (created or changed), with their audit fields set from now and the
// context's actor (for created records, see UpsertOptions.Created), and
// the counts. It returns Errors listing every problem,
// with Item naming the record (e.g. "relationships[3]") when b holds more
// than one record.
//
// It normalizes b's records in place and sets their Audit (also on unchanged
// records, to what is stored); the returned Batch shares those pointers, so a
// batch must not be upserted by two goroutines at once. Stores call it inside
// their write transaction and then write the returned batch; they hold no
// validation logic of their own. Lookups may receive many ids (every id of a
// large import): implementations query them in chunks.
func PlanUpsert(ctx context.Context, b *Batch, look StoredLookup, opts UpsertOptions, now time.Time) (*Batch, *UpsertResult, error) {
	if b == nil {
		b = &Batch{}
	}
	now = now.UTC().Truncate(time.Millisecond)
	actor := ActorFrom(ctx)
	nodeCount := len(b.Employees) + len(b.Organisations) + len(b.Persons)
	p := planner{multi: b.Len() > 1, batchKind: make(map[string]Kind, nodeCount), where: make(map[string]item, nodeCount)}

	// 1. Each record on its own.
	for i, e := range b.Employees {
		e.Normalize()
		p.own(item{"employees", i}, e.Validate())
		p.node(item{"employees", i}, e.ID, KindEmployee)
	}
	for i, o := range b.Organisations {
		o.Normalize()
		p.own(item{"organisations", i}, o.Validate())
		p.node(item{"organisations", i}, o.ID, KindOrganisation)
	}
	for i, x := range b.Persons {
		x.Normalize()
		p.own(item{"persons", i}, x.Validate())
		p.node(item{"persons", i}, x.ID, KindPerson)
	}
	relSeen := make(map[string]item, len(b.Relationships))
	// A symmetric tie's ends may change places (Normalize stores the
	// smaller id first): swapped notes which did, so that its problems
	// name the field the caller gave each end in.
	var swapped []bool
	for i, r := range b.Relationships {
		from := strings.TrimSpace(r.From)
		r.Normalize()
		if r.From != from {
			if swapped == nil {
				swapped = make([]bool, len(b.Relationships))
			}
			swapped[i] = true
		}
		r.Since, r.Until = day(r.Since), day(r.Until)
		item := item{"relationships", i}
		p.ownEnds(item, r.Validate(), swapped != nil && swapped[i])
		p.dup(item, r.ID, relSeen)
	}
	conSeen := make(map[string]item, len(b.Contacts))
	for i, c := range b.Contacts {
		c.Normalize()
		c.Date = c.Date.UTC().Truncate(time.Millisecond)
		item := item{"contacts", i}
		p.own(item, c.Validate())
		p.dup(item, c.ID, conSeen)
	}

	// 2. What is stored: the batch's own ids and every id it refers to.
	// The references are resolved once, each to the kind of its node (""
	// for none), in one order that step 3 reads them in: the owners of
	// organisations and persons, the ends of relationships, the employee
	// and stakeholder of contacts.
	ids := make([]string, 0, len(p.batchKind))
	for id := range p.batchKind {
		ids = append(ids, id)
	}
	refs := make([]string, 0, len(b.Organisations)+len(b.Persons)+2*len(b.Relationships)+2*len(b.Contacts))
	for _, o := range b.Organisations {
		refs = append(refs, o.OwnerID)
	}
	for _, x := range b.Persons {
		refs = append(refs, x.OwnerID)
	}
	for _, r := range b.Relationships {
		refs = append(refs, r.From, r.To)
	}
	for _, c := range b.Contacts {
		refs = append(refs, c.EmployeeID, c.StakeholderID)
	}
	refKind := make([]Kind, len(refs))
	ask := make([]string, 0, len(refs)) // the references to nodes the batch does not hold, as often as referred to
	askAt := make([]int, 0, len(refs))  // the place in refs of each
	for i, id := range refs {
		if k, own := p.batchKind[id]; own {
			refKind[i] = k
		} else if id != "" {
			ask, askAt = append(ask, id), append(askAt, i)
		}
	}
	kinds, ok := look.(KindLookup)
	if !ok {
		ids = append(ids, unique(ask)...)
	}
	nodes, err := look.StoredNodes(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	if ok && len(ask) > 0 {
		ks, err := kinds.NodeKinds(ctx, ask)
		if err != nil {
			return nil, nil, err
		}
		for j, i := range askAt {
			refKind[i] = ks[j]
		}
	} else {
		for j, i := range askAt {
			refKind[i] = nodes[ask[j]].Kind
		}
	}
	rels, err := look.StoredRelationships(ctx, recordIDs(b.Relationships, func(r *Relationship) string { return r.ID }))
	if err != nil {
		return nil, nil, err
	}
	cons, err := look.StoredContacts(ctx, recordIDs(b.Contacts, func(c *Contact) string { return c.ID }))
	if err != nil {
		return nil, nil, err
	}

	// 3. References and kinds.
	for id, k := range p.batchKind {
		if s, ok := nodes[id]; ok && s.Kind != k {
			p.add(p.where[id], &Error{Code: ECONFLICT, Field: "id", Message: fmt.Sprintf("%q is already used by a stored %s", id, s.Kind)})
		}
	}
	next := func() Kind { // the kind of the next reference
		k := refKind[0]
		refKind = refKind[1:]
		return k
	}
	owner := func(item item, id string, k Kind) {
		switch {
		case id == "":
		case k == "":
			p.add(item, Invalid("owner_id", "employee %q does not exist", id))
		case k != KindEmployee:
			p.add(item, Invalid("owner_id", "%q is a %s, not an employee", id, k))
		}
	}
	for i, o := range b.Organisations {
		owner(item{"organisations", i}, o.OwnerID, next())
	}
	for i, x := range b.Persons {
		owner(item{"persons", i}, x.OwnerID, next())
	}
	for i, r := range b.Relationships {
		from, to := next(), next()
		p.relEnds(item{"relationships", i}, r, from, to, swapped != nil && swapped[i])
	}
	for i, c := range b.Contacts {
		item := item{"contacts", i}
		switch k := next(); {
		case c.EmployeeID == "":
		case k == "":
			p.add(item, Invalid("employee_id", "employee %q does not exist", c.EmployeeID))
		case k != KindEmployee:
			p.add(item, Invalid("employee_id", "%q is a %s, not an employee", c.EmployeeID, k))
		}
		switch k := next(); {
		case c.StakeholderID == "":
		case k == "":
			p.add(item, Invalid("stakeholder_id", "stakeholder %q does not exist", c.StakeholderID))
		case !k.IsStakeholder():
			p.add(item, Invalid("stakeholder_id", "%q is an %s, not an organisation or person", c.StakeholderID, k))
		}
	}
	if err := p.privacy(ctx, b, look, now); err != nil {
		return nil, nil, err
	}
	if err := p.employment(ctx, b, look); err != nil {
		return nil, nil, err
	}
	if len(p.errs) > 0 {
		return nil, nil, p.sorted()
	}

	// 4. Classify by content hash and set the audit fields. The hash of a
	// record that is not stored is not computed: nothing compares it (the
	// store computes it when it writes the record).
	var out Batch
	var res UpsertResult
	classify := func(item item, id string, hash func() string, st map[string]Stored, a *Audit, c *Counts) bool {
		s, ok := st[id]
		switch {
		case !ok && opts.UpdateOnly:
			p.add(item, NotFound("record", id))
			return false
		case ok && opts.IfHash != "" && s.Hash != opts.IfHash:
			p.add(item, &Error{Code: ECONFLICT, Field: "id", Message: fmt.Sprintf("%q was changed meanwhile; reload it and try again", id)})
			return false
		case ok && opts.CreateOnly:
			p.add(item, &Error{Code: ECONFLICT, Field: "id", Message: fmt.Sprintf("%q already exists", id)})
			return false
		case ok && s.Hash == hash():
			*a = s.Audit
			c.Unchanged++
			return false
		case ok:
			*a = Audit{CreatedAt: s.CreatedAt, CreatedBy: s.CreatedBy, UpdatedAt: now, UpdatedBy: actor}
			c.Updated++
		default:
			var e *Error
			if *a, e = opts.Created(*a, now, actor); e != nil {
				p.add(item, e)
				return false
			}
			c.Created++
		}
		return true
	}
	for i, e := range b.Employees {
		if classify(item{"employees", i}, e.ID, func() string { return e.Hash() }, nodes, &e.Audit, &res.Employees) {
			out.Employees = append(out.Employees, e)
		}
	}
	for i, o := range b.Organisations {
		if classify(item{"organisations", i}, o.ID, func() string { return o.Hash() }, nodes, &o.Audit, &res.Organisations) {
			out.Organisations = append(out.Organisations, o)
		}
	}
	for i, x := range b.Persons {
		if classify(item{"persons", i}, x.ID, func() string { return x.Hash() }, nodes, &x.Audit, &res.Persons) {
			out.Persons = append(out.Persons, x)
		}
	}
	for i, r := range b.Relationships {
		if classify(item{"relationships", i}, r.ID, func() string { return r.Hash() }, rels, &r.Audit, &res.Relationships) {
			out.Relationships = append(out.Relationships, r)
		}
	}
	for i, c := range b.Contacts {
		if classify(item{"contacts", i}, c.ID, func() string { return c.Hash() }, cons, &c.Audit, &res.Contacts) {
			out.Contacts = append(out.Contacts, c)
		}
	}
	if len(p.errs) > 0 {
		return nil, nil, p.sorted()
	}
	return &out, &res, nil
}

type planner struct {
	multi     bool
	errs      Errors
	items     []item          // the record of each error in errs
	batchKind map[string]Kind // node id → kind, for nodes in the batch
	where     map[string]item // node id → item that defines it
}

// sorted returns the errors in batch order: by section, then record index.
func (p *planner) sorted() Errors {
	idx := make([]int, len(p.errs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		x, y := p.items[a], p.items[b]
		return cmp.Or(cmp.Compare(slices.Index(sections, x.sec), slices.Index(sections, y.sec)), cmp.Compare(x.i, y.i))
	})
	out := make(Errors, len(idx))
	for i, j := range idx {
		out[i] = p.errs[j]
	}
	return out
}

// item locates a record in a batch: its section and index.
type item struct {
	sec string
	i   int
}

var sections = []string{"employees", "organisations", "persons", "relationships", "contacts"}

func (it item) String() string { return it.sec + "[" + strconv.Itoa(it.i) + "]" }

func (p *planner) add(it item, e *Error) {
	if p.multi {
		e.Item = it.String()
	}
	p.items = append(p.items, it)
	p.errs = append(p.errs, e)
}

// ownEnds is own for a relationship whose ends Normalize swapped when
// swapped is set: a problem of "from" is one of "to" as given, and the
// other way round.
func (p *planner) ownEnds(item item, err error, swapped bool) {
	var es Errors
	if swapped && errors.As(err, &es) {
		for _, e := range es {
			switch e.Field {
			case "from":
				e.Field = "to"
			case "to":
				e.Field = "from"
			}
		}
	}
	p.own(item, err)
}

// own adds the field errors returned by a record's Validate.
func (p *planner) own(item item, err error) {
	var es Errors
	if errors.As(err, &es) {
		for _, e := range es {
			p.add(item, e)
		}
	}
}

func (p *planner) node(item item, id string, k Kind) {
	if id == "" {
		return
	}
	if prev, ok := p.where[id]; ok {
		p.add(item, &Error{Code: EINVALID, Field: "id", Message: fmt.Sprintf("%q is also the id of %s", id, prev.String())})
		return
	}
	p.batchKind[id] = k
	p.where[id] = item
}

func (p *planner) dup(item item, id string, seen map[string]item) {
	if id == "" {
		return
	}
	if prev, ok := seen[id]; ok {
		p.add(item, &Error{Code: EINVALID, Field: "id", Message: fmt.Sprintf("%q is also the id of %s", id, prev.String())})
		return
	}
	seen[id] = item
}

// relEnds checks the ends of r, whose nodes are of the kinds from and to
// ("" for none stored): each of a kind r's type allows there, and a
// contact level only on a tie with one of our employees. swapped says
// that Normalize swapped r's ends: the problems then name the field each
// end came in.
func (p *planner) relEnds(item item, r *Relationship, from, to Kind, swapped bool) {
	spec, ok := r.Type.Spec()
	if !ok {
		return // reported by Validate
	}
	fromField, toField, fromVerb, toVerb := "from", "to", "start", "end"
	if swapped {
		fromField, toField, fromVerb, toVerb = toField, fromField, toVerb, fromVerb
	}
	p.relEnd(item, r, fromField, fromVerb, r.From, from, spec.From)
	p.relEnd(item, r, toField, toVerb, r.To, to, spec.To)
	if r.Level != "" && from != "" && to != "" && from != KindEmployee && to != KindEmployee {
		p.add(item, Invalid("level", "only ties of our employees carry a contact level"))
	}
}

// relEnd checks the end field of r, the node id of kind k: stored, and of
// one of the kinds allowed there.
func (p *planner) relEnd(item item, r *Relationship, field, verb, id string, k Kind, allowed []Kind) {
	switch {
	case id == "":
	case k == "":
		p.add(item, Invalid(field, "node %q does not exist", id))
	case !containsKind(allowed, k):
		p.add(item, Invalid(field, "a %s relationship cannot %s at %s %q", r.Type, verb, article(k), id))
	}
}

func containsKind(ks []Kind, k Kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

func article(k Kind) string {
	if k == KindEmployee || k == KindOrganisation {
		return "an " + string(k)
	}
	return "a " + string(k)
}

// day keeps the date of t (UTC midnight) and the zero time as it is.
func day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// unique returns ss without repeats, in the order of their first place.
func unique(ss []string) []string {
	m := make(map[string]bool, len(ss))
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		if !m[s] {
			m[s] = true
			out = append(out, s)
		}
	}
	return out
}

func recordIDs[T any](xs []T, id func(T) string) []string {
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		if s := id(x); s != "" {
			out = append(out, s)
		}
	}
	return out
}
