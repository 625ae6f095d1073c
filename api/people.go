package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
)

// PeopleBody is the answer of GET /organisations/{id}/people: the people
// who belong to an organisation (analysis.Members) and, for each, who of
// us knows them — the stakeholder page's "people at this organisation".
type PeopleBody struct {
	Organisation string     `json:"organisation"`
	Total        int        `json:"total"`
	Offset       int        `json:"offset"`
	Limit        int        `json:"limit"`
	People       []PersonAt `json:"people"`
}

// PersonAt is one person at an organisation.
type PersonAt struct {
	analysis.Member
	// Title is the person's title as stored ("directeur"); empty when
	// none.
	Title string `json:"title,omitempty"`
	// KnownBy are our employees who hold the person directly — a tie or
	// logged contacts — ranked as GET /holders/{person} ranks them.
	KnownBy []analysis.Holding `json:"known_by"`
}

// getPeople answers GET /organisations/{id}/people?offset=&limit=: the
// people who work at or sit on the board of the organisation, strongest
// affiliation first, each with who of us knows them; one page of them
// (default 50).
func (s *Server) getPeople(c *gin.Context) {
	page, err := queryPage(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	cs, ok := s.contactStore(c)
	if !ok {
		return
	}
	snap, ok := s.snapshot(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	id := c.Param("id")
	members, err := analysis.Members(snap, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	body := PeopleBody{Organisation: id, Total: len(members), Offset: page.Offset, Limit: page.Limit}
	members = graph.PageOf(members, page)
	body.People = make([]PersonAt, len(members))
	if len(members) == 0 {
		c.JSON(http.StatusOK, body)
		return
	}
	ids := make([]string, len(members))
	for i, m := range members {
		ids[i] = m.Person.ID
	}
	persons, err := allPages(func(p graph.Page) ([]*graph.Person, int, error) {
		return s.Store.FindPersons(ctx, graph.NodeFilter{IDs: ids, Page: p})
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	title := make(map[string]string, len(persons))
	for _, p := range persons {
		title[p.ID] = p.Title
	}
	contacts, err := AllContacts(ctx, cs, graph.ContactFilter{})
	if err != nil {
		s.fail(c, err)
		return
	}
	for i, m := range members {
		h, err := analysis.Holders(snap, contacts, m.Person.ID, s.now())
		if err != nil {
			s.fail(c, err)
			return
		}
		body.People[i] = PersonAt{Member: m, Title: title[m.Person.ID], KnownBy: h.Direct}
	}
	c.JSON(http.StatusOK, body)
}
