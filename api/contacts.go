package api

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/graph"
)

// ContactStore is what the contact-log endpoints need of a store. Both graph
// stores implement it; the server finds it by a type assertion on Store (an
// optional capability, like graph.Pinger), and without it the contact,
// holders, departure and conformance routes answer 404.
type ContactStore interface {
	FindContactByID(ctx context.Context, id string) (*graph.Contact, error)
	FindContacts(ctx context.Context, f graph.ContactFilter) ([]*graph.Contact, int, error)
	CreateContact(ctx context.Context, c *graph.Contact) error
	UpdateContact(ctx context.Context, id string, u graph.ContactUpdate) (*graph.Contact, error)
	DeleteContact(ctx context.Context, id string) error
}

// ContactInput is a logged contact as POST /api/v1/contacts takes it. Date
// is a calendar day (YYYY-MM-DD, midnight UTC) or an RFC 3339 instant; ID is
// derived from employee, stakeholder, date and mode when empty
// (graph.ContactID).
type ContactInput struct {
	ID            string             `json:"id,omitempty"`
	Date          string             `json:"date"`
	EmployeeID    string             `json:"employee_id"`
	StakeholderID string             `json:"stakeholder_id"`
	Mode          graph.ContactMode  `json:"mode"`
	Level         graph.ContactLevel `json:"level,omitempty"`
	Note          string             `json:"note,omitempty"`
}

// ContactPatch is PATCH /api/v1/contacts/{id}'s body: graph.ContactUpdate
// with the date as text (see ContactInput). Absent keys are left alone.
type ContactPatch struct {
	Date          *string             `json:"date,omitempty"`
	EmployeeID    *string             `json:"employee_id,omitempty"`
	StakeholderID *string             `json:"stakeholder_id,omitempty"`
	Mode          *graph.ContactMode  `json:"mode,omitempty"`
	Level         *graph.ContactLevel `json:"level,omitempty"`
	Note          *string             `json:"note,omitempty"`
}

// now is the server's clock: Now, or time.Now when it is nil.
func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// contactStore returns the store as a ContactStore, or answers 404.
func (s *Server) contactStore(c *gin.Context) (ContactStore, bool) {
	cs, ok := s.Store.(ContactStore)
	if !ok {
		s.fail(c, graph.Errorf(graph.ENOTFOUND, "the store in use keeps no contact log"))
		return nil, false
	}
	return cs, true
}

// contactDate parses a contact's date and refuses one after now: the graph
// stores do not know what "now" is, so this check lives here (and in the
// CLI, through the same function).
func contactDate(v string, now time.Time) (time.Time, error) {
	if v == "" {
		return time.Time{}, graph.Invalid("date", "is required")
	}
	t, err := ParseDate(v)
	if err != nil {
		return time.Time{}, graph.Invalid("date", "%s", err)
	}
	if t.After(now) {
		return time.Time{}, graph.Invalid("date", "%s lies in the future", v)
	}
	return t, nil
}

// NewContact turns input into a contact, checking its date against now
// (see contactDate); the store validates the rest.
func NewContact(in ContactInput, now time.Time) (*graph.Contact, error) {
	d, err := contactDate(in.Date, now)
	if err != nil {
		return nil, err
	}
	return &graph.Contact{
		ID: in.ID, Date: d, EmployeeID: in.EmployeeID, StakeholderID: in.StakeholderID,
		Mode: in.Mode, Level: in.Level, Note: in.Note,
	}, nil
}

func contactFilter(c *gin.Context) (graph.ContactFilter, error) {
	var f graph.ContactFilter
	var err error
	if f.Page, err = queryPage(c); err != nil {
		return f, err
	}
	f.EmployeeID = queryString(c, "employee_id")
	f.StakeholderID = queryString(c, "stakeholder_id")
	if f.Mode, err = queryEnum(c, "mode", graph.ContactMode.Valid); err != nil {
		return f, err
	}
	for name, dst := range map[string]**time.Time{"since": &f.Since, "until": &f.Until} {
		if v := c.Query(name); v != "" {
			t, err := ParseDate(v)
			if err != nil {
				return f, graph.Invalid(name, "%s", err)
			}
			*dst = &t
		}
	}
	return f, nil
}

// listContacts answers GET /contacts?employee_id=&stakeholder_id=&mode=&since=&until=&offset=&limit=.
func (s *Server) listContacts(c *gin.Context) {
	cs, ok := s.contactStore(c)
	if !ok {
		return
	}
	list(s, c, contactFilter, func(f graph.ContactFilter) graph.Page { return f.Page }, cs.FindContacts)
}

func (s *Server) getContact(c *gin.Context) {
	cs, ok := s.contactStore(c)
	if !ok {
		return
	}
	get(s, c, cs.FindContactByID)
}

// postContact logs one contact and answers 201 with it as stored.
func (s *Server) postContact(c *gin.Context) {
	cs, ok := s.contactStore(c)
	if !ok {
		return
	}
	data, err := readBody(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var in ContactInput
	if err := graph.DecodeJSON(data, &in); err != nil {
		s.fail(c, err)
		return
	}
	con, err := NewContact(in, s.now())
	if err != nil {
		s.fail(c, err)
		return
	}
	con.Normalize() // its id, derived as the store would, for the audit entry
	auditTarget(c, con.ID)
	if err := cs.CreateContact(writing(c, http.StatusCreated), con); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, con)
}

// patchContact changes the fields of a contact that the body names.
func (s *Server) patchContact(c *gin.Context) {
	cs, ok := s.contactStore(c)
	if !ok {
		return
	}
	data, err := readBody(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var p ContactPatch
	if err := graph.DecodeJSON(data, &p); err != nil {
		s.fail(c, err)
		return
	}
	u := graph.ContactUpdate{EmployeeID: p.EmployeeID, StakeholderID: p.StakeholderID, Mode: p.Mode, Level: p.Level, Note: p.Note}
	if p.Date != nil {
		d, err := contactDate(*p.Date, s.now())
		if err != nil {
			s.fail(c, err)
			return
		}
		u.Date = &d
	}
	con, err := cs.UpdateContact(writing(c, http.StatusOK), c.Param("id"), u)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, con)
}

func (s *Server) deleteContact(c *gin.Context) {
	cs, ok := s.contactStore(c)
	if !ok {
		return
	}
	if err := cs.DeleteContact(writing(c, http.StatusNoContent), c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// AllContacts returns every contact f selects (its Page is ignored),
// reading them page by page at graph.MaxLimit.
func AllContacts(ctx context.Context, cs interface {
	FindContacts(ctx context.Context, f graph.ContactFilter) ([]*graph.Contact, int, error)
}, f graph.ContactFilter) ([]*graph.Contact, error) {
	return allPages(func(p graph.Page) ([]*graph.Contact, int, error) {
		f.Page = p
		return cs.FindContacts(ctx, f)
	})
}

// allPages returns every item of a listing, reading it page by page at
// graph.MaxLimit.
func allPages[T any](find func(graph.Page) ([]T, int, error)) ([]T, error) {
	var out []T
	p := graph.Page{Limit: graph.MaxLimit}
	for {
		page, total, err := find(p)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		p.Offset += len(page)
		if len(page) == 0 || p.Offset >= total {
			return out, nil
		}
	}
}
