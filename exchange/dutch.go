package exchange

import (
	"slices"
	"strings"

	"github.com/relmap/relmap/segment"
)

// CSV files may name their columns and write their values in Dutch as well
// as in English: a spreadsheet kept by a Dutch team says "naam",
// "partijtype" and "intermediair". The tables below are the one list of
// those words; the README shows them (a test keeps the two alike). Files
// are always written in English, the names relmap stores.
//
// Headers are normalised first (ColumnName: lower case, spaces and '-' as
// '_'), values alike (Value), so "Partij type", "werkt bij" and "E-mail"
// match. A Dutch word is read only where its English name is a column of
// the file's kind, so one word may serve two kinds ("opmerking" is the note
// of a relationship and the comment of an assessment).

// Translation is one English name with the Dutch words that mean it.
type Translation struct {
	EN string
	NL []string
}

// DutchColumns are the Dutch names of the CSV columns of every kind
// (Columns) and of assessment files.
var DutchColumns = []Translation{
	{"name", []string{"naam"}},
	{"email", []string{"e_mail", "mail", "emailadres", "e_mailadres"}},
	{"role", []string{"rol"}},
	{"team", []string{"afdeling"}},
	{"start", []string{"begin", "startdatum", "in_dienst"}},
	{"end", []string{"einde", "einddatum", "uit_dienst"}},
	{"source", []string{"bron"}},
	{"sector", []string{"branche"}},
	{"city", []string{"plaats", "stad", "vestigingsplaats"}},
	{"party_type", []string{"partijtype", "partij_type", "marktpartij"}},
	{"owner_id", []string{"eigenaar", "eigenaar_id"}},
	{"title", []string{"functie"}},
	{"other_emails", []string{"andere_emails", "andere_e_mails", "overige_emails"}},
	{"phone", []string{"telefoon", "telefoonnummer", "tel"}},
	{"linkedin_url", []string{"linkedin", "linkedin_profiel"}},
	{"do_not_route", []string{"niet_routeren", "niet_via"}},
	{"objects", []string{"bezwaar"}},
	{"objected_at", []string{"bezwaar_sinds", "bezwaar_datum"}},
	{"contribution_know", []string{"bijdrage_kennen", "kennen"}},
	{"contribution_able", []string{"bijdrage_kunnen", "kunnen"}},
	{"contribution_want", []string{"bijdrage_willen", "willen"}},
	{"contribution_do", []string{"bijdrage_doen", "doen"}},
	{"contribution_exchange_means", []string{"ruilmiddelen"}},
	{"contribution_benefits", []string{"voordelen"}},
	{"contribution_interests", []string{"belangen"}},
	{"contribution_interests_unknown", []string{"belangen_onbekend"}},
	{"type", []string{"soort", "relatietype"}},
	{"from", []string{"van"}},
	{"to", []string{"naar"}},
	{"strength", []string{"sterkte"}},
	{"nature", []string{"aard"}},
	{"level", []string{"niveau", "contactniveau"}},
	{"since", []string{"sinds", "vanaf"}},
	{"until", []string{"tot", "tot_en_met"}},
	{"note", []string{"notitie", "opmerking", "toelichting"}},
	{"date", []string{"datum"}},
	{"employee_id", []string{"medewerker", "medewerker_id"}},
	{"stakeholder_id", []string{"belanghebbende", "belanghebbende_id", "relatie", "relatie_id"}},
	{"mode", []string{"contactvorm", "vorm", "wijze"}},
	{"criterion_id", []string{"criterium", "criterium_id"}},
	{"assessor", []string{"beoordelaar"}},
	{"comment", []string{"opmerking", "toelichting"}},
}

// DutchValues are the Dutch words for the values of the enumerated columns,
// by column.
var DutchValues = map[string][]Translation{
	"role": {
		{"director", []string{"directeur", "directie"}},
		{"account_manager", []string{"accountmanager", "relatiebeheerder"}},
		{"staff", []string{"medewerker", "staf"}},
		{"board_member", []string{"bestuurslid", "bestuurder"}},
	},
	"party_type": {
		{"input", []string{"inputpartij"}},
		{"consumer", []string{"afnemer", "consument", "doelgroep"}},
		{"intermediary", []string{"intermediair", "tussenpersoon"}},
	},
	"type": {
		{"knows", []string{"kent"}},
		{"works_at", []string{"werkt_bij"}},
		{"board_member_of", []string{"bestuurslid_van", "zit_in_het_bestuur_van"}},
		{"member_of", []string{"lid_van", "is_lid_van"}},
		{"funds", []string{"financiert"}},
		{"refers_to", []string{"verwijst_naar"}},
		{"partners_with", []string{"werkt_samen_met", "partner_van"}},
		{"advises", []string{"adviseert"}},
		{"reports_to", []string{"rapporteert_aan"}},
	},
	"nature": {
		{"personal", []string{"persoonlijk"}},
		{"professional", []string{"professioneel", "zakelijk"}},
		{"formal", []string{"formeel"}},
	},
	"level": {
		{"strategic", []string{"strategisch"}},
		{"tactical", []string{"tactisch"}},
		{"operational", []string{"operationeel"}},
	},
	"mode": {
		{"meeting", []string{"afspraak", "overleg", "gesprek", "vergadering", "bezoek"}},
		{"phone", []string{"telefoon", "telefonisch", "bellen"}},
		{"letter", []string{"brief", "post"}},
		{"email", []string{"e_mail", "mail"}},
		{"event", []string{"evenement", "bijeenkomst", "congres"}},
	},
	"source": {
		{"manual", []string{"handmatig", "hand"}},
		{"import", []string{"importeren", "geimporteerd"}},
	},
}

// DutchKinds are the Dutch names of the kinds of file (ParseKind).
var DutchKinds = []Translation{
	{string(Employees), []string{"medewerker", "medewerkers"}},
	{string(Organisations), []string{"organisatie", "organisaties"}},
	{string(Persons), []string{"persoon", "personen"}},
	{string(Relationships), []string{"relatie", "relaties", "band", "banden"}},
	{string(Contacts), []string{"contact", "contacten"}},
}

// DutchSegments are the Dutch names of the segments (the seed's), which
// the segment filters accept (ParseSegment).
var DutchSegments = []Translation{
	{string(segment.Invest), []string{"investeer", "investeren"}},
	{string(segment.Develop), []string{"ontwikkel", "ontwikkelen"}},
	{string(segment.Harvest), []string{"oogst", "oogsten"}},
	{string(segment.Ignore), []string{"negeer", "negeren"}},
	{string(segment.Unassessed), []string{"niet_beoordeeld"}},
}

// english returns the English name of word in ts, or "" when it is no
// Dutch word of ts. With ok set, only English names ok accepts count.
func english(ts []Translation, word string, ok func(string) bool) string {
	for _, t := range ts {
		if slices.Contains(t.NL, word) && (ok == nil || ok(t.EN)) {
			return t.EN
		}
	}
	return ""
}

// columnFor returns the column a normalised header cell names: itself when
// known, else the English column of a Dutch word that is known, else
// itself.
func columnFor(name string, known func(string) bool) string {
	if known(name) {
		return name
	}
	if en := english(DutchColumns, name, known); en != "" {
		return en
	}
	return name
}

// Value normalises the value of an enumerated column as a CSV file holds
// it: trimmed, lower case, spaces and '-' as '_' ("Werkt bij" is werkt_bij,
// "E-mail" e_mail), then a Dutch word as its English value (DutchValues).
func Value(column, s string) string {
	v := ColumnName(s)
	if en := english(DutchValues[column], v, nil); en != "" {
		return en
	}
	return v
}

// ParseSegment reads a segment name in English or Dutch, in any case
// ("Ontwikkel", "develop", "niet beoordeeld"); ok is false for anything
// else.
func ParseSegment(s string) (seg segment.Segment, ok bool) {
	v := ColumnName(s)
	if en := english(DutchSegments, v, nil); en != "" {
		v = en
	}
	seg = segment.Segment(v)
	return seg, seg.Valid()
}

// dutchKind returns the kind a Dutch name means, or "".
func dutchKind(s string) Kind {
	return Kind(english(DutchKinds, strings.ToLower(strings.TrimSpace(s)), nil))
}
