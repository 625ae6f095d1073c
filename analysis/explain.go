package analysis

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/relmap/relmap/graph"
)

// Text is a sentence in the two languages relmap speaks.
type Text struct {
	EN string `json:"en"`
	NL string `json:"nl"`
}

// phrasing says how one relationship type reads when a path walks it
// against its direction ("Fonds X employs Jan" for "Jan works at Fonds
// X"), and how it reads in a Dutch relative clause, where the verb moves
// to the end ("…, die Jan kent"). Each template has one %s: the object.
// Walked along its direction, a type reads as graph.RelTypes' PhraseEN /
// PhraseNL followed by the object in a main clause, and PhraseEN in an
// English relative clause too.
type phrasing struct {
	nlRel string // forward, Dutch relative clause
	// Against the direction; empty for symmetric types.
	enRev, nlRev, nlRevRel string
}

var phrasings = map[graph.RelType]phrasing{
	graph.RelKnows:         {nlRel: "die %s kent"},
	graph.RelWorksAt:       {nlRel: "die werkt bij %s", enRev: "employs %s", nlRev: "heeft %s in dienst", nlRevRel: "die %s in dienst heeft"},
	graph.RelBoardMemberOf: {nlRel: "die in het bestuur zit van %s", enRev: "has %s on its board", nlRev: "heeft %s in het bestuur", nlRevRel: "die %s in het bestuur heeft"},
	graph.RelMemberOf:      {nlRel: "die lid is van %s", enRev: "has %s as a member", nlRev: "heeft %s als lid", nlRevRel: "die %s als lid heeft"},
	graph.RelFunds:         {nlRel: "die %s financiert", enRev: "is funded by %s", nlRev: "wordt gefinancierd door %s", nlRevRel: "die wordt gefinancierd door %s"},
	graph.RelRefersTo:      {nlRel: "die verwijst naar %s", enRev: "receives referrals from %s", nlRev: "krijgt verwijzingen van %s", nlRevRel: "die verwijzingen krijgt van %s"},
	graph.RelPartnersWith:  {nlRel: "die samenwerkt met %s"},
	graph.RelAdvises:       {nlRel: "die %s adviseert", enRev: "is advised by %s", nlRev: "wordt geadviseerd door %s", nlRevRel: "die wordt geadviseerd door %s"},
	graph.RelReportsTo:     {nlRel: "die rapporteert aan %s", enRev: "manages %s", nlRev: "is leidinggevende van %s", nlRevRel: "die leidinggevende is van %s"},
}

// clauses returns, for a hop from subject to object along relationship
// type t (reverse: against its direction), the English predicate (used in
// main and relative clauses alike) and the Dutch main-clause and
// relative-clause predicates, each with the object filled in.
func clauses(t graph.RelType, reverse bool, object string) (en, nlMain, nlRel string) {
	switch t { // the derived ties (RelContacts, RelColleague) hold both ways
	case RelContacts:
		return "has been in contact with " + object, "heeft contact gehad met " + object, "die contact heeft gehad met " + object
	case RelColleague:
		return "is a colleague of " + object, "is een collega van " + object, "die een collega is van " + object
	}
	spec, ok := t.Spec()
	p, okP := phrasings[t]
	if !ok || !okP {
		// Outside the vocabulary: say only that a tie exists.
		return "is connected to " + object, "is verbonden met " + object, "die verbonden is met " + object
	}
	if !reverse || spec.Symmetric {
		return spec.PhraseEN + " " + object, spec.PhraseNL + " " + object, fmt.Sprintf(p.nlRel, object)
	}
	return fmt.Sprintf(p.enRev, object), fmt.Sprintf(p.nlRev, object), fmt.Sprintf(p.nlRevRel, object)
}

// hopText is one hop of a path as explanations see it.
type hopText struct {
	from, to graph.NetworkNode
	typ      graph.RelType
	reverse  bool
	strength float64
	org      string // the shared organisation of a colleague step
}

// object returns the hop's object phrase: the name of the node it reaches,
// with the organisation a colleague step shares ("Piet Jansen at Fonds X").
func (h hopText) object(lang string) string {
	if h.typ != RelColleague || h.org == "" {
		return h.to.Name
	}
	if lang == "nl" {
		return h.to.Name + " bij " + h.org
	}
	return h.to.Name + " at " + h.org
}

// stepText returns the hop as a main clause: "Jan de Vries is on the
// board of Fonds X (0.9)" / "Jan de Vries zit in het bestuur van Fonds X
// (0,9)".
func stepText(h hopText) Text {
	en, _, _ := clauses(h.typ, h.reverse, h.object("en"))
	_, nl, _ := clauses(h.typ, h.reverse, h.object("nl"))
	return Text{
		EN: h.from.Name + " " + en + " (" + FormatStrength(h.strength, "en") + ")",
		NL: h.from.Name + " " + nl + " (" + FormatStrength(h.strength, "nl") + ")",
	}
}

// TieText says a relationship of type t from one node to another as a
// main clause with a strength, in both languages: "Jan de Vries is on the
// board of Fonds X (0.9)" / "Jan de Vries zit in het bestuur van Fonds X
// (0,9)" — the words of a path's steps, for a tie on its own.
func TieText(from, to graph.NetworkNode, t graph.RelType, strength float64) Text {
	return stepText(hopText{from: from, to: to, typ: t, strength: strength})
}

// explainPath chains the hops of a path into one sentence, each hop after the
// first as a relative clause on the node before it: "Anna knows Jan de
// Vries (0.8), who is on the board of Fonds X (0.9)" / "Anna kent Jan de
// Vries (0,8), die in het bestuur zit van Fonds X (0,9)". English says
// "who" after a person or employee and "which" after an organisation;
// Dutch says "die" after both.
func explainPath(hops []hopText) Text {
	var en, nl strings.Builder
	for i, h := range hops {
		e, _, _ := clauses(h.typ, h.reverse, h.object("en"))
		_, nm, nr := clauses(h.typ, h.reverse, h.object("nl"))
		if i == 0 {
			en.WriteString(h.from.Name + " " + e)
			nl.WriteString(h.from.Name + " " + nm)
		} else {
			pron := "who"
			if h.from.Kind == graph.KindOrganisation {
				pron = "which"
			}
			en.WriteString(", " + pron + " " + e)
			nl.WriteString(", " + nr)
		}
		en.WriteString(" (" + FormatStrength(h.strength, "en") + ")")
		nl.WriteString(" (" + FormatStrength(h.strength, "nl") + ")")
	}
	return Text{EN: en.String(), NL: nl.String()}
}

// FormatStrength formats a tie or path strength for language lang ("en"
// or "nl"): rounded to two decimals without trailing zeros, with a decimal
// point in English and a decimal comma in Dutch: 0.8 / 0,8; 0.72 / 0,72;
// 1 / 1.
func FormatStrength(s float64, lang string) string {
	v := strconv.FormatFloat(math.Round(s*100)/100, 'f', -1, 64)
	if lang == "nl" {
		v = strings.Replace(v, ".", ",", 1)
	}
	return v
}
