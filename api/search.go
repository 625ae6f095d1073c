package api

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/search"
)

// Search by name: GET /api/v1/search finds employees, organisations and
// persons by part of a name, an e-mail address or a title, accent- and
// case-insensitive, ranked (package search). The page asks it while the
// user types, in its search box and in every field that takes a
// stakeholder.
//
// The index is built from the store's records (every employee,
// organisation and person, read page by page at graph.MaxLimit), with
// each person's organisations from the analysis snapshot and each
// stakeholder's segment from the matrix, and kept until the store's
// version moves: at the 20,000-person demo it builds in about a second
// and answers a keystroke in milliseconds. Matching and ranking happen in
// Go, once for both stores, rather than in SQL and Cypher twice; the
// stores need nothing but their listings.

// DefaultSearchLimit is the number of hits GET /search answers when
// ?limit= is not given: what a type-ahead list shows.
const DefaultSearchLimit = 10

// SearchBody is the answer of GET /api/v1/search.
type SearchBody struct {
	Query  string       `json:"q"`
	Total  int          `json:"total"`
	Offset int          `json:"offset"`
	Limit  int          `json:"limit"`
	Hits   []search.Hit `json:"hits"`
}

// searchCache keeps the search index of one store version.
type searchCache struct {
	mu      sync.Mutex
	version int64
	ix      *search.Index
}

// versioner is a store that reports its change version (graph.Store).
type versioner interface {
	Version(ctx context.Context) (int64, error)
}

// searchIndex returns the index of the store as it is now, building it
// when the store's version has moved since the last one (or always, for
// a store that reports no version). Builds run one at a time.
func (s *Server) searchIndex(ctx context.Context) (*search.Index, error) {
	var version int64
	vs, versioned := s.Store.(versioner)
	if versioned {
		v, err := vs.Version(ctx)
		if err != nil {
			return nil, err
		}
		version = v
	}
	c := &s.search
	c.mu.Lock()
	defer c.mu.Unlock()
	if versioned && c.ix != nil && c.version == version {
		return c.ix, nil
	}
	ix, err := s.buildSearchIndex(ctx)
	if err != nil {
		return nil, err
	}
	c.ix, c.version = ix, version
	return ix, nil
}

// buildSearchIndex reads every employee, organisation and person.
func (s *Server) buildSearchIndex(ctx context.Context) (*search.Index, error) {
	var affiliations map[string][]analysis.PathNode
	if s.Snapshots != nil {
		snap, err := s.Snapshots.Snapshot(ctx)
		if err != nil {
			return nil, err
		}
		affiliations = analysis.Affiliations(snap)
	}
	var entries []search.Entry
	emps, err := readAllNodes(ctx, s.Store.FindEmployees)
	if err != nil {
		return nil, err
	}
	for _, e := range emps {
		entries = append(entries, search.Entry{ID: e.ID, Kind: graph.KindEmployee, Name: e.Name, Email: e.Email,
			Title: strings.ReplaceAll(string(e.Role), "_", " "), Detail: e.Team})
	}
	segments := map[string]string{}
	if s.Segments != nil {
		m, err := LoadMatrix(ctx, s.Segments, time.Time{})
		if err != nil {
			return nil, err
		}
		for _, r := range m.All() {
			segments[r.Stakeholder.ID] = string(r.Placement.Segment)
		}
	}
	orgs, err := readAllNodes(ctx, s.Store.FindOrganisations)
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		entries = append(entries, search.Entry{ID: o.ID, Kind: graph.KindOrganisation, Name: o.Name,
			Detail: joinNonEmpty(" · ", o.Sector, o.City), PartyType: o.PartyType, Segment: segments[o.ID]})
	}
	persons, err := readAllNodes(ctx, s.Store.FindPersons)
	if err != nil {
		return nil, err
	}
	for _, p := range persons {
		var at []string
		for _, o := range affiliations[p.ID] {
			at = append(at, o.Name)
		}
		entries = append(entries, search.Entry{ID: p.ID, Kind: graph.KindPerson, Name: p.Name, Email: p.Email, Title: p.Title,
			Detail: strings.Join(at, ", "), PartyType: p.PartyType, Segment: segments[p.ID]})
	}
	return search.New(entries), nil
}

// readAllNodes returns every record of a node listing, page by page
// (allPages).
func readAllNodes[T any](ctx context.Context, find func(context.Context, graph.NodeFilter) ([]T, int, error)) ([]T, error) {
	return allPages(func(p graph.Page) ([]T, int, error) { return find(ctx, graph.NodeFilter{Page: p}) })
}

func joinNonEmpty(sep string, ss ...string) string {
	var keep []string
	for _, s := range ss {
		if s != "" {
			keep = append(keep, s)
		}
	}
	return strings.Join(keep, sep)
}

// getSearch answers GET /search?q=&kind=&offset=&limit=.
func (s *Server) getSearch(c *gin.Context) {
	q := search.Query{Text: c.Query("q")}
	for _, k := range splitList(c.QueryArray("kind")) {
		q.Kinds = append(q.Kinds, graph.Kind(k))
	}
	var err error
	if q.Page, err = queryPage(c); err != nil {
		s.fail(c, err)
		return
	}
	if _, given := c.GetQuery("limit"); !given {
		q.Limit = DefaultSearchLimit
	}
	ix, err := s.searchIndex(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	hits, total, err := ix.Find(q)
	if err != nil {
		s.fail(c, err)
		return
	}
	if hits == nil {
		hits = []search.Hit{}
	}
	c.JSON(http.StatusOK, SearchBody{Query: q.Text, Total: total, Offset: q.Offset, Limit: q.Limit, Hits: hits})
}
