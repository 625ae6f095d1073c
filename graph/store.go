package graph

import (
	"context"
	"time"
)

// Store is the persistence contract of relmap. Two implementations exist:
// the embedded sqlitestore (the default) and neo4jstore; both pass the
// conformance suite in graph/storetest.
//
// Node ids (employees, organisations, persons) share one namespace.
// Relationship and contact ids each have their own.
//
// Every write is validated first and either happens whole or not at all;
// invalid input returns EINVALID naming the field, a duplicate id ECONFLICT, a
// missing record ENOTFOUND, and an unreachable database EUNAVAILABLE. The
// acting user is taken from the context (see WithActor).
//
// Deleting a node deletes its relationships and contacts and clears it as an
// owner of other nodes; that is a change of the owned records (their hash,
// UpdatedAt and UpdatedBy follow), so a later upsert naming the owner again
// is an update. An employee with logged contacts or owned records is only
// deleted when the delete is forced (see employment.go: employees leave by
// an end date, and hand over what they own). A store reads its clock once
// per write.
type Store interface {
	CreateEmployee(ctx context.Context, e *Employee) error
	FindEmployeeByID(ctx context.Context, id string) (*Employee, error)
	FindEmployees(ctx context.Context, f NodeFilter) ([]*Employee, int, error)
	UpdateEmployee(ctx context.Context, id string, u EmployeeUpdate) (*Employee, error)
	// DeleteEmployee deletes the employee id with their relationships and
	// contacts and clears them as the owner of organisations and persons,
	// and says what went. An employee with logged contacts or owned records
	// is refused with ECONFLICT naming what would be lost
	// (EmployeeDeletion.Refusal), and nothing changes, unless opts.Force.
	DeleteEmployee(ctx context.Context, id string, opts DeleteOptions) (*EmployeeDeletion, error)
	// Handover makes employee to the owner of every organisation and person
	// that employee from owns, in one transaction, and says what moved
	// (CheckHandover says what is refused). Records that move are changed
	// (hash, UpdatedAt, UpdatedBy); when from owns nothing, nothing changes,
	// not even the version.
	Handover(ctx context.Context, from, to string) (*Handover, error)

	CreateOrganisation(ctx context.Context, o *Organisation) error
	FindOrganisationByID(ctx context.Context, id string) (*Organisation, error)
	FindOrganisations(ctx context.Context, f NodeFilter) ([]*Organisation, int, error)
	UpdateOrganisation(ctx context.Context, id string, u OrganisationUpdate) (*Organisation, error)
	DeleteOrganisation(ctx context.Context, id string) error

	CreatePerson(ctx context.Context, p *Person) error
	FindPersonByID(ctx context.Context, id string) (*Person, error)
	FindPersons(ctx context.Context, f NodeFilter) ([]*Person, int, error)
	UpdatePerson(ctx context.Context, id string, u PersonUpdate) (*Person, error)
	DeletePerson(ctx context.Context, id string) error

	CreateRelationship(ctx context.Context, r *Relationship) error
	FindRelationshipByID(ctx context.Context, id string) (*Relationship, error)
	FindRelationships(ctx context.Context, f RelationshipFilter) ([]*Relationship, int, error)
	UpdateRelationship(ctx context.Context, id string, u RelationshipUpdate) (*Relationship, error)
	DeleteRelationship(ctx context.Context, id string) error

	CreateContact(ctx context.Context, c *Contact) error
	FindContactByID(ctx context.Context, id string) (*Contact, error)
	FindContacts(ctx context.Context, f ContactFilter) ([]*Contact, int, error)
	UpdateContact(ctx context.Context, id string, u ContactUpdate) (*Contact, error)
	DeleteContact(ctx context.Context, id string) error

	// Upsert writes a batch keyed by external id, all or nothing: it is
	// validated whole first (every problem is returned, as Errors), then
	// written in one transaction. Records whose content is unchanged are left
	// alone, so re-importing the same batch changes nothing, not even the
	// version. With opts.DryRun nothing is written. A relationship upserted
	// under a stored id with another type or other ends is moved (an update
	// that keeps its creation audit); RelationshipUpdate cannot do that.
	Upsert(ctx context.Context, b *Batch, opts UpsertOptions) (*UpsertResult, error)

	// Network streams every node, then every relationship, of one consistent
	// state of the store to v, and returns that state's version. Order within
	// nodes and within edges is unspecified; ReadNetwork sorts. A store
	// without snapshot reads (Neo4j reads at read-committed) may instead
	// fail with EUNAVAILABLE when a write lands during the stream: retry.
	Network(ctx context.Context, v NetworkVisitor) (version int64, err error)

	// Version returns the change version: it moves on every write that
	// changes data, so callers can cache what they derive from a snapshot.
	Version(ctx context.Context) (int64, error)

	Close() error
}

// Pinger is implemented by stores that can tell whether their database is
// reachable; /readyz uses it. A store without it is taken to be always ready.
type Pinger interface {
	Ping(ctx context.Context) error
}

// ImportWatcher is implemented by stores whose readers can see a large
// import half done: neo4jstore writes one part by part, each part committed
// on its own, and undoes it part by part when it fails. /readyz lists what
// it reports, and every API answer says so while there is any (api). A
// store without it never shows a half-done import (sqlitestore writes an
// import in one transaction).
type ImportWatcher interface {
	// ImportsUnderway lists the imports that readers may see half done:
	// being written, or being undone. On an error it returns what the
	// store knows without its database (the imports of this process).
	ImportsUnderway(ctx context.Context) ([]ImportUnderway, error)
}

// ImportUnderway is an import that readers may see half done.
type ImportUnderway struct {
	ID        string    `json:"id"`
	StartedAt time.Time `json:"started_at"`
	// State is ImportRunning or ImportUndoing.
	State string `json:"state"`
}

// The states of an ImportUnderway.
const (
	// ImportRunning: parts are being written (by this or another process),
	// or the import failed and its undoing has not begun.
	ImportRunning = "running"
	// ImportUndoing: the import failed and is being undone, or waits for
	// the database to come back to be undone.
	ImportUndoing = "undoing"
)

// Paging defaults.
const (
	DefaultLimit = 50
	MaxLimit     = 1000
)

// Page is the offset and limit of a listing. A zero Limit means DefaultLimit.
type Page struct {
	Offset int
	Limit  int
}

// Normalize checks the page and fills in the default limit.
func (p Page) Normalize() (Page, error) {
	switch {
	case p.Offset < 0:
		return p, Invalid("offset", "must not be negative")
	case p.Limit < 0 || p.Limit > MaxLimit:
		return p, Invalid("limit", "must be between 0 and %d", MaxLimit)
	case p.Limit == 0:
		p.Limit = DefaultLimit
	}
	return p, nil
}

// PageOf returns the items of page p: from p.Offset, at most p.Limit
// (an offset past the end gives none).
func PageOf[T any](items []T, p Page) []T {
	from := min(p.Offset, len(items))
	return items[from:min(from+p.Limit, len(items))]
}

// NodeFilter selects employees, organisations or persons. Nil fields do not
// filter; a non-nil empty IDs selects nothing. Results are ordered by name
// (byte order, as Go compares strings), then id; the int returned beside
// them is the total number of matches before paging.
type NodeFilter struct {
	IDs []string
	// Name matches names containing it literally, case-insensitively with
	// ASCII folding ("_" and "%" are ordinary characters).
	Name *string
	// PartyType and OwnerID do not apply to employees. OwnerID pointing at
	// "" selects nodes without an owner.
	PartyType *PartyType
	OwnerID   *string
	Page
}

// RelationshipFilter selects relationships, ordered by id.
type RelationshipFilter struct {
	// NodeID matches relationships with NodeID at either end.
	NodeID *string
	From   *string
	To     *string
	Type   *RelType
	Page
}

// ContactFilter selects contacts, newest first, then by id. Nil fields do
// not filter; a non-nil empty IDs selects nothing.
type ContactFilter struct {
	// IDs selects the contacts with these ids (those stored: a deleted
	// one is simply not found).
	IDs           []string
	EmployeeID    *string
	StakeholderID *string
	Mode          *ContactMode
	// Since and Until bound Date, inclusive of Since, exclusive of Until.
	Since *time.Time
	Until *time.Time
	Page
}

// NetworkNode is a node as the analyses see it.
type NetworkNode struct {
	ID         string    `json:"id"`
	Kind       Kind      `json:"kind"`
	Name       string    `json:"name"`
	PartyType  PartyType `json:"party_type,omitempty"`
	OwnerID    string    `json:"owner_id,omitempty"`
	DoNotRoute bool      `json:"do_not_route,omitempty"`
	// End is an employee's last day of employment (Employee.End); zero for
	// other nodes and for employees who have not left.
	End time.Time `json:"end,omitzero"`
}

// Left reports whether the node is an employee who has left by day
// (Employee.Left).
func (n NetworkNode) Left(day time.Time) bool { return left(n.End, day) }

// NetworkEdge is a relationship as the analyses see it.
type NetworkEdge struct {
	ID       string       `json:"id"`
	Type     RelType      `json:"type"`
	From     string       `json:"from"`
	To       string       `json:"to"`
	Strength float64      `json:"strength"`
	Nature   Nature       `json:"nature,omitempty"`
	Level    ContactLevel `json:"level,omitempty"`
	// Since is the day the relationship started (Relationship.Since; zero:
	// unknown) and Until the day it ended (Relationship.Until; zero:
	// ongoing). The analyses leave a relationship out from its Until on
	// (analysis.Build), and roll a contact with a person up to an
	// organisation by the affiliation that held on the contact's day
	// (AffiliatedOn).
	Since time.Time `json:"since,omitzero"`
	Until time.Time `json:"until,omitzero"`
}

// NetworkVisitor receives a streamed network. Returning an error stops the
// stream and is returned by Store.Network. A nil Node or Edge func skips
// that part: a store then does not read it at all.
type NetworkVisitor struct {
	Node func(NetworkNode) error
	Edge func(NetworkEdge) error
	// Size, when set, is told before the stream how many nodes and edges
	// it will bring, so that the visitor can allocate once. A store calls
	// it only when it can count cheaply (sqlitestore does, neo4jstore does
	// not); the counts are hints, never trusted for correctness.
	Size func(nodes, edges int)
	// Parts, when set, lets a store stream in parts at once, each part
	// from a goroutine of its own: it asks for the visitor of part k with
	// Parts(k) (k = 0, 1, …; the visitor returned has Node and Edge set
	// where this one has) and gives it the part's nodes and edges, every
	// node of every part before the first edge of any. sqlitestore reads
	// each table in two parts on two connections that see one state of
	// the store, so that two cores share the work; a store that streams
	// in one part calls Node and Edge (neo4jstore), from one goroutine at
	// a time.
	Parts func(k int) NetworkVisitor
}

// Network is a whole snapshot of the relationship network, sorted by id.
type Network struct {
	Version int64         `json:"version"`
	Nodes   []NetworkNode `json:"nodes"`
	Edges   []NetworkEdge `json:"edges"`
}

// ReadNetwork reads the whole network of s into memory, nodes and edges
// sorted by id, so that two stores holding the same data give equal values.
func ReadNetwork(ctx context.Context, s interface {
	Network(ctx context.Context, v NetworkVisitor) (int64, error)
}) (*Network, error) {
	var n Network
	v, err := s.Network(ctx, NetworkVisitor{
		Node: func(x NetworkNode) error { n.Nodes = append(n.Nodes, x); return nil },
		Edge: func(x NetworkEdge) error { n.Edges = append(n.Edges, x); return nil },
	})
	if err != nil {
		return nil, err
	}
	n.Version = v
	sortByID(n.Nodes, func(x NetworkNode) string { return x.ID })
	sortByID(n.Edges, func(x NetworkEdge) string { return x.ID })
	return &n, nil
}

// NodeOf returns the network view of an employee, organisation or person.
func NodeOf(v any) NetworkNode {
	switch x := v.(type) {
	case *Employee:
		return NetworkNode{ID: x.ID, Kind: KindEmployee, Name: x.Name, End: x.End}
	case *Organisation:
		return NetworkNode{ID: x.ID, Kind: KindOrganisation, Name: x.Name, PartyType: x.PartyType, OwnerID: x.OwnerID}
	case *Person:
		return NetworkNode{ID: x.ID, Kind: KindPerson, Name: x.Name, PartyType: x.PartyType, OwnerID: x.OwnerID, DoNotRoute: x.DoNotRoute}
	}
	panic("graph: NodeOf: not a node type")
}

// EdgeOf returns the network view of a relationship.
func EdgeOf(r *Relationship) NetworkEdge {
	return NetworkEdge{ID: r.ID, Type: r.Type, From: r.From, To: r.To, Strength: r.Strength, Nature: r.Nature, Level: r.Level, Since: r.Since, Until: r.Until}
}

type actorKey struct{}

// SystemActor is the actor recorded when the context names none.
const SystemActor = "system"

// WithActor returns a context that records actor as the user making changes.
func WithActor(ctx context.Context, actor string) context.Context {
	return context.WithValue(ctx, actorKey{}, actor)
}

// ActorFrom returns the actor recorded in ctx, or SystemActor.
func ActorFrom(ctx context.Context) string {
	if a, ok := ctx.Value(actorKey{}).(string); ok && a != "" {
		return a
	}
	return SystemActor
}
