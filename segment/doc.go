// Package segment implements steps 3 and 4 of relmap's relationship-management
// method (see the seed text "Relatiemanagement — een stappenplan"): scoring
// stakeholders on weighted criteria, placing them in the four segments of the
// attractiveness × accessibility matrix, and the policy that belongs to each
// segment.
//
// The package is pure domain logic: it knows the standard library and
// relmap's graph package, keeps no state, does no I/O beyond reading a scheme
// file from an io.Reader, and never logs. Its functions do not modify their
// arguments (except the Normalize methods, their receivers) and are safe for
// concurrent use. Stores, the HTTP API, the CLI and the renderer build on its
// types.
//
// # The matrix
//
// The seed's figure puts accessibility (Toegankelijkheid) on the x axis and
// attractiveness (Aantrekkelijkheid) on the y axis:
//
//	                       accessibility low          accessibility high
//	attractiveness high    Develop  (Ontwikkel)       Invest  (Investeer)
//	attractiveness low     Ignore   (Negeer)          Harvest (Oogst)
//
// A Scheme lists the criteria of each axis with their weights, the threshold
// per axis and the score scale. DefaultScheme holds the seed's eight example
// criteria with equal weights; the seed says criteria differ per sector, so a
// scheme can be loaded from a JSON file (ParseScheme, LoadScheme).
//
// # Scores and placement
//
// An Assessment is one score of one stakeholder on one criterion at one date.
// Re-assessments are new records with later dates; nothing is overwritten, so
// the matrix can be drawn for any date (Place) and compared between two dates
// (Moved). The rules Place follows — the as-of rule, the weighted mean, the
// boundary rule for a mean exactly on a threshold and the Unassessed rule —
// are documented on Place.
//
// # Policies
//
// A Policy says how a segment is managed: intensity, contact modes, a
// minimum number of contacts per period and who is responsible.
// DefaultPolicies derives them from the seed's four segment paragraphs.
//
// # Errors
//
// Input errors are values: every Validate method and ParseScheme return
// graph.Errors, each a *graph.Error with code graph.EINVALID and a Field such
// as "criteria[2].weight" (and for files an Item such as "line 14"). Place
// and Moved never fail on bad data: they skip what they cannot use, and a
// stakeholder whose scores are incomplete is Unassessed, never silently
// placed. They panic only on a nil scheme, which is a programmer error.
//
// # Languages
//
// Every user-facing name comes in English and Dutch. Methods that take a
// lang argument return Dutch for "nl" and its regional forms ("nl-NL",
// "nl_BE", any case) and English for anything else.
package segment
