package graph

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
)

// The privacy of persons (GDPR): what relmap holds about one external person
// can be exported (Art. 15 and 20), the person can be erased (Art. 17) and
// can object to being processed (Art. 21, Person.Objects), and old contact
// notes are removed after a retention period (Art. 5(1)(e)).
//
// Erasure deletes the person with their relationships, logged contacts and
// assessments in one transaction, and in that transaction adds them to the
// suppression list, so that a later import or create does not bring them
// back. The list keeps no personal data: only SHA-256 digests of the
// person's normalised identifiers (SuppressionKeys) and the day of the
// erasure. A digest of an e-mail address can still be confirmed by whoever
// knows the address; it cannot be read back.

// PrivacyStore is what a store offers for the privacy of persons. A is the
// type of the assessments the store keeps (segment.Assessment: graph does
// not know the segment package). Both stores implement it; the conformance
// suite is storetest.RunPrivacy.
type PrivacyStore[A any] interface {
	// ExportPerson returns everything the store holds about the person id
	// (ENOTFOUND when id is no person), read in one consistent state.
	ExportPerson(ctx context.Context, id string) (*PersonExport[A], error)
	// ErasePerson deletes the person id with their relationships, contacts
	// and assessments and adds their identifiers to the suppression list, in
	// one transaction, and moves the version. ENOTFOUND when id is no
	// person.
	ErasePerson(ctx context.Context, id string) (*Erasure, error)
	// Suppressions lists the suppression list: digests and days only.
	Suppressions(ctx context.Context) ([]Suppression, error)
	// Retention returns the retention setting (zero Days when never set).
	Retention(ctx context.Context) (Retention, error)
	// SaveRetention validates and stores r; saving what is stored changes
	// nothing.
	SaveRetention(ctx context.Context, r Retention) error
	// ApplyRetention clears the notes of the contacts dated before
	// r.Cutoff(now), at the store's clock, in one transaction, and returns
	// how many it cleared. The contacts stay. Nothing happens when the
	// retention is off.
	ApplyRetention(ctx context.Context) (int, error)
	ObjectionSource
}

// ObjectionSource is implemented by stores that keep objections (both
// graph stores). analysis.Cache uses it to leave objecting persons out of
// every analysis; a source without it has no objecting persons.
type ObjectionSource interface {
	// Objecting returns the ids of the persons who object, and the version
	// of the state they were read at.
	Objecting(ctx context.Context) (ids []string, version int64, err error)
}

// SuppressionLookup is implemented by a StoredLookup whose store keeps a
// suppression list; PlanUpsert then refuses erased persons. Both graph
// stores implement it.
type SuppressionLookup interface {
	// Suppressed returns, of the given digests, those on the suppression
	// list with the day of their erasure.
	Suppressed(ctx context.Context, hashes []string) (map[string]time.Time, error)
}

// PersonExport is everything a store holds about one person, for the person
// (GDPR Art. 15, 20): their record, the relationships with them at an end,
// the contacts logged with them, the assessments of them, the
// introduction requests, access plans and actions that name or mention
// them, as the records are stored. Other nodes appear only by id, kind and
// name (Others).
type PersonExport[A any] struct {
	// Format names this document's shape and version.
	Format        string          `json:"format"`
	ExportedAt    time.Time       `json:"exported_at"`
	Person        *Person         `json:"person"`
	Relationships []*Relationship `json:"relationships"`
	Contacts      []*Contact      `json:"contacts"`
	Assessments   []A             `json:"assessments"`
	// Intros are the introduction requests that name the person (as
	// intermediary or target) or mention them (in their path or a note:
	// IntroRequest.Mentions), newest first (SortIntros); see AddIntros.
	Intros []*IntroRequest `json:"intros"`
	// Plans are the access plans that name the person (as target or
	// intermediary) or mention them (in the path, the note or the closing
	// note: Plan.Mentions), by id; Actions the actions about them or
	// mentioning them (Action.Mentions), by due day and id; see AddPlans.
	Plans   []*Plan   `json:"plans"`
	Actions []*Action `json:"actions"`
	// Others are the other ends of the relationships, the employees of
	// the contacts and the other people of the requests, plans and
	// actions, by id, kind and name only, sorted by id.
	Others []NodeRef `json:"others"`
}

// AddIntros adds those of rs that mention the person to Intros, in the
// order of SortIntros. A store passes every request whose record holds
// the person's id (a cheap superset).
func (x *PersonExport[A]) AddIntros(rs []*IntroRequest) {
	for _, r := range rs {
		if r.Mentions(x.Person.ID) {
			x.Intros = append(x.Intros, r)
		}
	}
	SortIntros(x.Intros)
}

// AddPlans adds those of ps and as that mention the person to Plans and
// Actions, in their orders. A store passes every plan and action whose
// record holds the person's id (a cheap superset).
func (x *PersonExport[A]) AddPlans(ps []*Plan, as []*Action) {
	for _, p := range ps {
		if p.Mentions(x.Person.ID) {
			x.Plans = append(x.Plans, p)
		}
	}
	slices.SortFunc(x.Plans, func(a, b *Plan) int { return strings.Compare(a.ID, b.ID) })
	for _, a := range as {
		if a.Mentions(x.Person.ID) {
			x.Actions = append(x.Actions, a)
		}
	}
	SortActions(x.Actions)
}

// PersonExportFormat is PersonExport.Format.
const PersonExportFormat = "relmap-person-export/1"

// NodeRef names a node without its data.
type NodeRef struct {
	ID   string `json:"id"`
	Kind Kind   `json:"kind"`
	Name string `json:"name"`
}

// OtherIDs returns the ids of the nodes other than the person that x's
// relationships, contacts and introduction requests refer to, sorted; a store reads their names
// into Others.
func (x *PersonExport[A]) OtherIDs() []string {
	ids := map[string]bool{}
	for _, r := range x.Relationships {
		ids[r.Other(x.Person.ID)] = true
	}
	for _, c := range x.Contacts {
		ids[c.EmployeeID] = true
	}
	for _, r := range x.Intros {
		for _, id := range append([]string{r.EmployeeID, r.IntermediaryID, r.TargetID}, r.Path...) {
			ids[id] = true
		}
	}
	for _, p := range x.Plans {
		for _, id := range append([]string{p.TargetID, p.OwnerID, p.Route.IntermediaryID}, p.Route.Path...) {
			ids[id] = true
		}
	}
	for _, a := range x.Actions {
		ids[a.StakeholderID], ids[a.AssigneeID] = true, true
	}
	delete(ids, "")
	delete(ids, x.Person.ID)
	out := keys(ids)
	sortByID(out, func(s string) string { return s })
	return out
}

// SortOthers orders Others by id, as the stores read them in no order.
func (x *PersonExport[A]) SortOthers() {
	sortByID(x.Others, func(r NodeRef) string { return r.ID })
}

// Erasure reports an erasure: what was deleted and how many identifiers
// went onto the suppression list.
type Erasure struct {
	ID            string    `json:"id"`
	ErasedAt      time.Time `json:"erased_at"`
	Relationships int       `json:"relationships"`
	Contacts      int       `json:"contacts"`
	Assessments   int       `json:"assessments"`
	// Suppressed is the number of identifier digests added to the list
	// (id, e-mail, profile address: those the person had).
	Suppressed int `json:"suppressed"`
}

// Summary is the erasure in a line, for the audit log: counts only.
func (e *Erasure) Summary() string {
	return fmt.Sprintf("erased person with %d relationships, %d contacts, %d assessments; %d identifiers suppressed",
		e.Relationships, e.Contacts, e.Assessments, e.Suppressed)
}

// Suppression is one entry of the suppression list: the SHA-256 digest of a
// normalised identifier (hex) and the day the person was erased.
type Suppression struct {
	Hash     string    `json:"hash"`
	ErasedAt time.Time `json:"erased_at"`
}

// Validate checks an entry that comes from outside (a restored backup): a
// hex SHA-256 digest in lower case and a day of erasure.
func (s Suppression) Validate() error {
	var errs Errors
	if len(s.Hash) != 64 || strings.Trim(s.Hash, "0123456789abcdef") != "" {
		errs = append(errs, Invalid("hash", "%q is not a SHA-256 digest in lower-case hex (64 digits)", s.Hash))
	}
	if s.ErasedAt.IsZero() {
		errs = append(errs, Invalid("erased_at", "is required"))
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// SuppressionKey is one identifier of a person as the suppression list
// keeps it: which field it came from and its digest.
type SuppressionKey struct {
	Field string
	Hash  string
}

// SuppressionKeys returns the digests of p's identifiers, one per
// identifier p has: its id, its e-mail addresses (lower case; the other
// addresses under the field "email" too, so that an address is suppressed
// whichever place it had) and its profile
// address (see normalURL). Each digest is SHA-256 over "field:value", so
// that an id and an e-mail address with the same text differ.
func SuppressionKeys(p *Person) []SuppressionKey {
	var out []SuppressionKey
	add := func(field, v string) {
		if v == "" {
			return
		}
		sum := sha256.Sum256([]byte(field + ":" + v))
		out = append(out, SuppressionKey{field, hex.EncodeToString(sum[:])})
	}
	add("id", strings.TrimSpace(p.ID))
	add("email", strings.ToLower(strings.TrimSpace(p.Email)))
	for _, e := range p.OtherEmails {
		add("email", strings.ToLower(strings.TrimSpace(e)))
	}
	add("linkedin_url", normalURL(p.LinkedInURL))
	return out
}

// ErasedPseudonym is what the audit log shows in place of the id of a
// person erased: "erased-" and the first 12 hex digits of the digest of
// their id on the suppression list (SuppressionKeys: SHA-256 of "id:" and
// the id). The entries of one erased person still belong together and to
// their suppression entry, and the id cannot be read back from them; as
// with the suppression list, whoever knows the id can confirm it.
func ErasedPseudonym(id string) string {
	sum := sha256.Sum256([]byte("id:" + strings.TrimSpace(id)))
	return "erased-" + hex.EncodeToString(sum[:6])
}

// Pseudonymise returns s with every occurrence of the erased person's id
// replaced by ErasedPseudonym(id), and whether it replaced any. An
// occurrence counts when it stands alone: at the start or after a byte
// that cannot continue an id, and at the end or before one. Ids are
// usually slugs (letters, digits, '-', '_', '.'), so "per-jan" is found
// in "knows:emp-anna:per-jan" (a derived relationship id) and in
// "contact:emp-anna:per-jan:2025-…" (a contact's), but not in
// "per-jane". An empty id replaces nothing.
func Pseudonymise(s, id string) (string, bool) {
	if id == "" || !strings.Contains(s, id) {
		return s, false
	}
	slug := func(c byte) bool {
		return c == '-' || c == '_' || c == '.' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
	}
	var b strings.Builder
	done, from := 0, 0 // s[:done] is written; the next search starts at from
	for {
		k := strings.Index(s[from:], id)
		if k < 0 {
			break
		}
		i, j := from+k, from+k+len(id)
		if (i == 0 || !slug(s[i-1]) || !slug(id[0])) && (j == len(s) || !slug(s[j]) || !slug(id[len(id)-1])) {
			b.WriteString(s[done:i])
			b.WriteString(ErasedPseudonym(id))
			done, from = j, j
		} else {
			from = i + 1
		}
	}
	if done == 0 {
		return s, false
	}
	b.WriteString(s[done:])
	return b.String(), true
}

// normalURL reduces a profile address to host and path in lower case,
// without scheme, "www.", query, fragment or trailing slash, so that
// "https://www.LinkedIn.com/in/jan/?trk=x" and "linkedin.com/in/jan" are
// one identifier.
func normalURL(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return ""
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return strings.TrimRight(s, "/")
	}
	return strings.TrimPrefix(u.Host, "www.") + strings.TrimRight(u.Path, "/")
}

// suppressed is the error for a person on the suppression list.
func suppressed(field, id string, erasedAt time.Time) *Error {
	return &Error{Code: ECONFLICT, Field: field, Message: fmt.Sprintf(
		"person %q was erased on %s at their request; not re-imported", id, erasedAt.UTC().Format(time.DateOnly))}
}

// Retention is how long the notes of logged contacts are kept.
type Retention struct {
	// Days is the age in days after which a contact's note is removed (the
	// contact stays); 0 keeps notes for ever.
	Days int `json:"days"`
}

// String says r in words: "30 days" or "kept for ever".
func (r Retention) String() string {
	if r.Days <= 0 {
		return "kept for ever"
	}
	return Plural(r.Days, "day", "days")
}

// MaxRetentionDays bounds Retention.Days (100 years).
const MaxRetentionDays = 36500

// Validate checks r.
func (r Retention) Validate() error {
	if r.Days < 0 || r.Days > MaxRetentionDays {
		return Errors{Invalid("days", "%d is not between 0 (keep notes) and %d", r.Days, MaxRetentionDays)}
	}
	return nil
}

// Cutoff returns the instant before which contact notes are removed at now:
// the start (UTC midnight) of the day Days days before now's day, so that a
// contact is kept for Days whole days. The zero time when retention is off.
func (r Retention) Cutoff(now time.Time) time.Time {
	if r.Days <= 0 {
		return time.Time{}
	}
	return day(now.UTC()).AddDate(0, 0, -r.Days)
}

// ClearNote returns c with its note removed and its audit and hash as a
// change at now by actor; stores use it for retention.
func ClearNote(c *Contact, now time.Time, actor string) *Contact {
	x := *c
	x.Note = ""
	x.UpdatedAt, x.UpdatedBy = now.UTC().Truncate(time.Millisecond), actor
	return &x
}

// RetentionActor is the actor recorded on contacts whose note the retention
// removed.
const RetentionActor = "retention"

// privacy adds the planner's checks of the privacy rules: persons on the
// suppression list (when look is a SuppressionLookup) and objections dated
// in the future. It returns only lookup failures; the problems go to p.
func (p *planner) privacy(ctx context.Context, b *Batch, look StoredLookup, now time.Time) error {
	today := day(now)
	for i, x := range b.Persons {
		if x.ObjectedAt.After(today) {
			p.add(item{"persons", i}, Invalid("objected_at", "%s is in the future", x.ObjectedAt.Format(time.DateOnly)))
		}
	}
	if sl, ok := look.(SuppressionLookup); ok && len(b.Persons) > 0 {
		var hashes []string
		keys := make([][]SuppressionKey, len(b.Persons))
		for i, x := range b.Persons {
			keys[i] = SuppressionKeys(x)
			for _, k := range keys[i] {
				hashes = append(hashes, k.Hash)
			}
		}
		found, err := sl.Suppressed(ctx, hashes)
		if err != nil {
			return err
		}
		for i, x := range b.Persons {
			for _, k := range keys[i] {
				if at, ok := found[k.Hash]; ok {
					p.add(item{"persons", i}, suppressed(k.Field, x.ID, at))
					break
				}
			}
		}
	}
	return nil
}
