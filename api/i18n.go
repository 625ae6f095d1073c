package api

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// Error messages in the client's language: every error answer (fail,
// abortJSON) is written in Dutch when the request asks for it with
// ?lang=nl or prefers Dutch in Accept-Language, so that the Dutch web page
// shows no English. Messages are made in English where the error happens;
// here they are translated by a catalogue of patterns (dutchMessages) that
// covers what the page can meet — tokens and roles, limits, unknown
// records, pictures too large or too slow or a busy server, search, paging
// and the common field checks. A message the catalogue does not know gets
// a Dutch sentence for its code and field, followed by the English detail.

// requestLang returns the language of a request's messages: ?lang= when it
// is Dutch or English (segment.Dutch: "nl", "nl-BE", …), else the first of
// Dutch and English in Accept-Language by its quality, else English.
func requestLang(c *gin.Context) string {
	if v := c.Query("lang"); v != "" {
		if segment.Dutch(v) {
			return "nl"
		}
		if strings.HasPrefix(strings.ToLower(v), "en") {
			return "en"
		}
	}
	best, bestQ := "en", 0.0
	for _, part := range strings.Split(c.GetHeader("Accept-Language"), ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		lang := ""
		switch {
		case segment.Dutch(tag):
			lang = "nl"
		case strings.HasPrefix(strings.ToLower(tag), "en"):
			lang = "en"
		}
		if lang != "" && q > bestQ {
			best, bestQ = lang, q
		}
	}
	return best
}

// abortJSON answers status with the error d, its messages in the request's
// language (localize).
func abortJSON(c *gin.Context, status int, d ErrorDetail) {
	localize(c, &d)
	c.AbortWithStatusJSON(status, ErrorBody{Error: d})
}

// localize translates d's message and its problems' messages into Dutch
// when the request asks for Dutch.
func localize(c *gin.Context, d *ErrorDetail) {
	if requestLang(c) != "nl" {
		return
	}
	d.Message = dutch(d.Code, d.Field, d.Message)
	for i := range d.Problems {
		d.Problems[i].Message = dutch(graph.EINVALID, d.Problems[i].Field, d.Problems[i].Message)
	}
}

// dutchMessages translate English messages; $1, $2 … are the pattern's
// groups, translated by dutchWords where they are words of relmap's own.
var dutchMessages = []struct {
	re *regexp.Regexp
	nl string
}{
	{regexp.MustCompile(`^this route needs a token.*`), "deze route vraagt om een token"},
	{regexp.MustCompile(`^(unknown|invalid|revoked|expired).*token.*`), "het token is onbekend, verlopen of ingetrokken"},
	{regexp.MustCompile(`^this needs the (\w+) role; the token has the (\w+) role$`), "hiervoor is de rol $1 nodig; het token heeft de rol $2"},
	{regexp.MustCompile(`^too many requests: try again in (\d+) s$`), "te veel verzoeken: probeer het over $1 s opnieuw"},
	{regexp.MustCompile(`^the request body is larger than the limit of (\d+) bytes$`), "de invoer is groter dan de grens van $1 bytes"},
	{regexp.MustCompile(`^the request body is larger than (\d+) bytes$`), "de invoer is groter dan $1 bytes"},
	{regexp.MustCompile(`^internal error$`), "interne fout"},
	{regexp.MustCompile(`^the database is not reachable$`), "de database is niet bereikbaar"},
	{regexp.MustCompile(`^the input has errors$`), "de invoer bevat fouten"},
	{regexp.MustCompile(`^(\w+) "(.*)" not found$`), `$1 "$2" niet gevonden`},
	{regexp.MustCompile(`^(\w+) (\S+) not found$`), `$1 $2 niet gevonden`},
	{regexp.MustCompile(`^no such (\w+)$`), "$1 bestaat niet"},
	{regexp.MustCompile(`^"(.*)" is not an organisation$`), `"$1" is geen organisatie`},
	{regexp.MustCompile(`^"(.*)" is not an employee$`), `"$1" is geen medewerker`},
	{regexp.MustCompile(`^"(.*)" is not a person or organisation$`), `"$1" is geen persoon of organisatie`},
	{regexp.MustCompile(`^"(.*)" is an organisation: an introduction goes through people$`), `"$1" is een organisatie: een introductie loopt via mensen`},
	{regexp.MustCompile(`^"(.*)" has left$`), `"$1" is vertrokken`},
	{regexp.MustCompile(`^"(.*)" does not want to be routed through$`), `"$1" wil niet als tussenpersoon dienen`},
	{regexp.MustCompile(`^"(.*)" is one of the employees paths start from$`), `"$1" is een van de medewerkers waar de paden beginnen`},
	{regexp.MustCompile(`^"(.*)" is excluded$`), `"$1" is uitgesloten`},
	{regexp.MustCompile(`^is the target$`), "is het doel"},
	{regexp.MustCompile(`^excludes the target "(.*)"$`), `sluit het doel "$1" uit`},
	{regexp.MustCompile(`^(\S+) is outside (\S+)$`), "$1 ligt buiten $2"},
	{regexp.MustCompile(`^must be positive$`), "moet positief zijn"},
	{regexp.MustCompile(`^must be in (\S+)$`), "moet in $1 liggen"},
	{regexp.MustCompile(`^too many equally strong paths to rank; narrow the query$`), "te veel even sterke paden om te rangschikken; beperk de vraag"},
	{regexp.MustCompile(`^the store in use (?:does not keep|keeps no) (.+)$`), "de gebruikte opslag houdt geen $1 bij"},
	{regexp.MustCompile(`^analyses are not available on this server$`), "analyses zijn op deze server niet beschikbaar"},
	{regexp.MustCompile(`^type at least one letter or digit$`), "typ minstens één letter of cijfer"},
	{regexp.MustCompile(`^"(.*)" is not a whole number.*$`), `"$1" is geen geheel getal`},
	{regexp.MustCompile(`^"(.*)" is not a number$`), `"$1" is geen getal`},
	{regexp.MustCompile(`^must be between (\S+) and (\S+)$`), "moet tussen $1 en $2 liggen"},
	{regexp.MustCompile(`^must not be negative$`), "mag niet negatief zijn"},
	{regexp.MustCompile(`^is required.*$`), "is verplicht"},
	{regexp.MustCompile(`^"(.*)" is not (?:one of )?(.+)$`), `"$1" is niet een van: $2`},
	{regexp.MustCompile(`^"(.*)": want (.+)$`), `"$1" is niet een van: $2`},
	{regexp.MustCompile(`^the (network picture|overview|picture) would have (\d+) nodes, more than the limit of (\d+): .*$`),
		"de afbeelding zou $2 knopen krijgen, meer dan de grens van $3: beperk haar met een filter (segment, partijtype, medewerker, een focusknoop met een diepte, top of maximale graad)"},
	{regexp.MustCompile(`^the reach picture draws at most (\d+) stakeholders.*$`), "de afbeelding toont hoogstens $1 stakeholders: toon er minder (top) of één segment"},
	{regexp.MustCompile(`^the picture would be (\d+)×(\d+) pixels, more than (\d+).*$`), "de afbeelding zou $1×$2 pixels worden, meer dan $3: kies een kleinere schaal of beperk haar met een filter"},
	{regexp.MustCompile(`^the server is drawing other pictures: try again in (\d+) s$`), "de server tekent andere afbeeldingen: probeer het over $1 s opnieuw"},
	{regexp.MustCompile(`^the picture took longer than (\S+) to draw.*$`), "het tekenen duurde langer dan $1; beperk de afbeelding met een filter (segment, partijtype, medewerker, een focusknoop met een diepte, of top)"},
	{regexp.MustCompile(`^the picture took longer to draw than allowed.*$`), "het tekenen duurde langer dan toegestaan; beperk de afbeelding met een filter en probeer het opnieuw"},
}

// dutchWords are relmap's own words that patterns' groups may hold.
var dutchWords = map[string]string{
	"organisation": "organisatie", "person": "persoon", "employee": "medewerker", "node": "knoop",
	"relationship": "relatie", "contact": "contact", "record": "record", "token": "token", "asset": "bestand",
	"stakeholder": "stakeholder", "assessment": "beoordeling",
	"segments": "segmenten", "contact log": "contactlogboek", "path rules": "padregels", "personal data controls": "privacyregels",
}

// dutchByCode is the Dutch sentence of a code, for a message the catalogue
// does not know.
var dutchByCode = map[string]string{
	graph.EINVALID:      "ongeldige invoer",
	graph.ENOTFOUND:     "niet gevonden",
	graph.ECONFLICT:     "dit bestaat al of botst met een eerdere wijziging",
	graph.EUNAVAILABLE:  "tijdelijk niet beschikbaar",
	graph.EUNAUTHORIZED: "niet aangemeld",
	graph.EFORBIDDEN:    "niet toegestaan",
	graph.EINTERNAL:     "interne fout",
}

// DutchMessage translates an English error message by the catalogue above
// (the API's answers and the command line's -lang nl share it); false
// when the catalogue does not know it.
func DutchMessage(message string) (string, bool) {
	for _, m := range dutchMessages {
		g := m.re.FindStringSubmatch(message)
		if g == nil {
			continue
		}
		return m.re.ReplaceAllStringFunc(message, func(string) string {
			out := m.nl
			for i := len(g) - 1; i >= 1; i-- {
				v := g[i]
				if w, ok := dutchWords[v]; ok {
					v = w
				}
				out = strings.ReplaceAll(out, "$"+strconv.Itoa(i), v)
			}
			return out
		}), true
	}
	return "", false
}

// dutch translates message, of code on field, into Dutch (see the
// catalogue above).
func dutch(code, field, message string) string {
	if nl, ok := DutchMessage(message); ok {
		return nl
	}
	s := dutchByCode[code]
	if s == "" {
		s = dutchByCode[graph.EINTERNAL]
	}
	if field != "" {
		s += " (veld " + field + ")"
	}
	if message != "" && code != graph.EINTERNAL {
		s += ": " + message
	}
	return s
}
