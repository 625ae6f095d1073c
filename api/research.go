package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/graph"
)

// ResearchItem is a stakeholder whose interests we do not know yet.
type ResearchItem struct {
	ID        string          `json:"id"`
	Kind      graph.Kind      `json:"kind"`
	Name      string          `json:"name"`
	PartyType graph.PartyType `json:"party_type,omitempty"`
	OwnerID   string          `json:"owner_id,omitempty"`
}

// ResearchList returns the organisations and persons flagged "interests
// unknown" (the seed's step 2: "geen idee van de belangen van uw
// doelgroepen? Dan is dit het juiste moment om dit te onderzoeken"),
// organisations first, each by name.
func ResearchList(ctx context.Context, st Reader) ([]ResearchItem, error) {
	out := []ResearchItem{}
	if err := eachPage(ctx, st.FindOrganisations, func(o *graph.Organisation) {
		if o.Contribution.InterestsUnknown {
			out = append(out, ResearchItem{o.ID, graph.KindOrganisation, o.Name, o.PartyType, o.OwnerID})
		}
	}); err != nil {
		return nil, err
	}
	err := eachPage(ctx, st.FindPersons, func(p *graph.Person) {
		if p.Contribution.InterestsUnknown {
			out = append(out, ResearchItem{p.ID, graph.KindPerson, p.Name, p.PartyType, p.OwnerID})
		}
	})
	return out, err
}

// eachPage calls visit on every record of a listing, a page at a time.
func eachPage[T any](ctx context.Context, find func(context.Context, graph.NodeFilter) ([]T, int, error), visit func(T)) error {
	f := graph.NodeFilter{Page: graph.Page{Limit: graph.MaxLimit}}
	for {
		items, total, err := find(ctx, f)
		if err != nil {
			return err
		}
		for _, x := range items {
			visit(x)
		}
		f.Offset += len(items)
		if len(items) == 0 || f.Offset >= total {
			return nil
		}
	}
}

// listResearch answers GET /research.
func (s *Server) listResearch(c *gin.Context) {
	items, err := ResearchList(c.Request.Context(), s.Store)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": items, "total": len(items)})
}
