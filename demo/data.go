package demo

import "github.com/relmap/relmap/graph"

// This file holds the vocabulary the generator draws from: Dutch first names,
// surnames with their tussenvoegsels, cities and provinces, and per sector the
// organisation names, job titles and expected contributions. Every
// organisation name is made up (ministries, provinces and municipalities
// apart, which are public bodies); every person is made up.

// ourDomain is the e-mail domain of the demo's own organisation,
// Stichting Samen Gezond.
const ourDomain = "samengezond.nl"

var firstNames = []string{
	"Anna", "Emma", "Sophie", "Julia", "Lisa", "Sanne", "Lotte", "Eva", "Femke", "Marieke",
	"Annemarie", "Ingrid", "Monique", "Petra", "Sandra", "Linda", "Esther", "Ellen", "Karin", "Wendy",
	"Nicole", "Saskia", "Mirjam", "Judith", "Anouk", "Iris", "Noor", "Fleur", "Maud", "Lieke",
	"Hanneke", "Margreet", "Wilma", "Gerda", "Joke", "Ria", "Tineke", "Yvonne", "Fatima", "Samira",
	"Naima", "Ayşe", "Priya", "Jan", "Piet", "Kees", "Henk", "Gerrit", "Willem", "Hans",
	"Peter", "Marco", "Erik", "Johan", "Mark", "Bas", "Tim", "Thijs", "Daan", "Bram",
	"Lars", "Ruben", "Sander", "Jeroen", "Maarten", "Martijn", "Joost", "Rob", "Frank", "Paul",
	"Ronald", "Dennis", "Wouter", "Stefan", "Arjen", "Bart", "Niels", "Koen", "Luuk", "Sem",
	"Jesse", "Mohamed", "Youssef", "Mehmet", "Rachid", "Ahmed", "Dirk", "Teun", "Gijs", "Floris",
	"Hugo", "Marloes", "Renske", "Jolanda", "Bernadette", "Chantal", "Thomas", "Jasper", "Roel", "Menno",
}

// surname is a Dutch family name: the tussenvoegsel ("van der") and the
// name proper ("Meer").
type surname struct{ prefix, name string }

var surnames = []surname{
	{"", "Jansen"}, {"de", "Jong"}, {"de", "Vries"}, {"van den", "Berg"}, {"van", "Dijk"},
	{"", "Bakker"}, {"", "Janssen"}, {"", "Visser"}, {"", "Smit"}, {"", "Meijer"},
	{"de", "Boer"}, {"", "Mulder"}, {"de", "Groot"}, {"", "Bos"}, {"", "Vos"},
	{"", "Peters"}, {"", "Hendriks"}, {"van", "Leeuwen"}, {"", "Dekker"}, {"", "Brouwer"},
	{"de", "Wit"}, {"", "Dijkstra"}, {"", "Smits"}, {"de", "Graaf"}, {"van der", "Meer"},
	{"van der", "Linden"}, {"", "Kok"}, {"", "Jacobs"}, {"de", "Haan"}, {"", "Vermeulen"},
	{"van den", "Heuvel"}, {"van der", "Veen"}, {"van den", "Broek"}, {"de", "Bruijn"}, {"de", "Bruin"},
	{"van der", "Heijden"}, {"", "Schouten"}, {"van", "Beek"}, {"", "Willems"}, {"van", "Vliet"},
	{"van de", "Ven"}, {"", "Hoekstra"}, {"", "Maas"}, {"", "Verhoeven"}, {"", "Koster"},
	{"van", "Dam"}, {"van der", "Wal"}, {"", "Prins"}, {"", "Blom"}, {"", "Huisman"},
	{"", "Peeters"}, {"de", "Jonge"}, {"", "Kuipers"}, {"van", "Veen"}, {"", "Post"},
	{"", "Kuiper"}, {"", "Veenstra"}, {"", "Kramer"}, {"van den", "Brink"}, {"", "Scholten"},
	{"van", "Wijk"}, {"", "Postma"}, {"", "Martens"}, {"", "Vink"}, {"de", "Ruiter"},
	{"", "Timmermans"}, {"", "Groen"}, {"", "Gerritsen"}, {"", "Jonker"}, {"van", "Loon"},
	{"", "Boersma"}, {"van der", "Velden"}, {"ter", "Horst"}, {"", "Claassen"}, {"van", "Rijn"},
	{"", "Evers"}, {"van der", "Laan"}, {"", "Wouters"}, {"", "Molenaar"}, {"ten", "Have"},
	{"'t", "Hart"}, {"", "Zwart"}, {"van", "Os"}, {"", "Hermans"}, {"", "Yılmaz"},
	{"el", "Idrissi"}, {"", "Bennani"}, {"", "Kaya"}, {"", "Demir"}, {"", "Ramdin"},
	{"", "Nguyen"}, {"", "Tjin"}, {"van", "Essen"}, {"", "Wolters"}, {"", "Hofman"},
}

// The employees of Stichting Samen Gezond, in id order: the director, the
// account managers, the staff and the board members take these names as far
// as they go (see employeeRoles); beyond them names are drawn at random.
var employeeNames = []string{
	"Annelies van den Berg",
	"Jeroen Bakker", "Fatima el Amrani", "Sander Visser", "Ingrid Mulder",
	"Lotte de Graaf", "Daan Smit", "Noor Hendriks", "Pieter van Leeuwen", "Sanne Kok", "Bram Peters", "Eva Dekker",
	"Hans Vermeulen", "Willemijn ter Horst", "Kees van Dam",
}

// staffTeams are the teams of staff members, in turn; each prefers the
// sectors it works with when it picks its ties.
var staffTeams = []struct {
	name    string
	sectors []sectorID
}{
	{"Communicatie", []sectorID{secMedia, secPatientAssociation}},
	{"Fondsenwerving", []sectorID{secFund, secCompany}},
	{"Beleid en Belangenbehartiging", []sectorID{secMinistry, secMunicipality, secProvince, secInsurer}},
	{"Voorlichting", []sectorID{secGPPractice, secPatientAssociation, secHospital}},
	{"Secretariaat", nil},
}

type city struct{ name, province string }

// cities are municipalities with their province. Regional communities take
// their home city from this list in order.
var cities = []city{
	{"Utrecht", "Utrecht"}, {"Rotterdam", "Zuid-Holland"}, {"Groningen", "Groningen"},
	{"Eindhoven", "Noord-Brabant"}, {"Zwolle", "Overijssel"}, {"Nijmegen", "Gelderland"},
	{"Maastricht", "Limburg"}, {"Leeuwarden", "Fryslân"}, {"Haarlem", "Noord-Holland"},
	{"Arnhem", "Gelderland"}, {"Tilburg", "Noord-Brabant"}, {"Enschede", "Overijssel"},
	{"Amersfoort", "Utrecht"}, {"Almere", "Flevoland"}, {"Leiden", "Zuid-Holland"},
	{"Middelburg", "Zeeland"}, {"Assen", "Drenthe"}, {"Breda", "Noord-Brabant"},
	{"Amsterdam", "Noord-Holland"}, {"Den Haag", "Zuid-Holland"}, {"Deventer", "Overijssel"},
	{"Apeldoorn", "Gelderland"}, {"Venlo", "Limburg"}, {"Heerlen", "Limburg"},
	{"Alkmaar", "Noord-Holland"}, {"Dordrecht", "Zuid-Holland"}, {"Delft", "Zuid-Holland"},
	{"Emmen", "Drenthe"}, {"Lelystad", "Flevoland"}, {"Heerenveen", "Fryslân"},
	{"Vlissingen", "Zeeland"}, {"Goes", "Zeeland"}, {"Helmond", "Noord-Brabant"},
	{"Oss", "Noord-Brabant"}, {"Ede", "Gelderland"}, {"Zutphen", "Gelderland"},
	{"Hengelo", "Overijssel"}, {"Kampen", "Overijssel"}, {"Gouda", "Zuid-Holland"},
	{"Schiedam", "Zuid-Holland"}, {"Zeist", "Utrecht"}, {"Veenendaal", "Utrecht"},
	{"Nieuwegein", "Utrecht"}, {"Hilversum", "Noord-Holland"}, {"Hoorn", "Noord-Holland"},
	{"Roermond", "Limburg"}, {"Roosendaal", "Noord-Brabant"}, {"Doetinchem", "Gelderland"},
	{"Almelo", "Overijssel"}, {"Harlingen", "Fryslân"}, {"Hoogeveen", "Drenthe"},
	{"Veendam", "Groningen"}, {"Stadskanaal", "Groningen"}, {"Terneuzen", "Zeeland"},
	{"Zoetermeer", "Zuid-Holland"}, {"Purmerend", "Noord-Holland"},
}

var ministries = []string{
	"Ministerie van Volksgezondheid, Welzijn en Sport",
	"Ministerie van Sociale Zaken en Werkgelegenheid",
	"Ministerie van Onderwijs, Cultuur en Wetenschap",
	"Ministerie van Binnenlandse Zaken en Koninkrijksrelaties",
	"Ministerie van Justitie en Veiligheid",
	"Ministerie van Economische Zaken",
	"Ministerie van Financiën",
	"Ministerie van Infrastructuur en Waterstaat",
	"Ministerie van Landbouw, Visserij, Voedselzekerheid en Natuur",
	"Ministerie van Volkshuisvesting en Ruimtelijke Ordening",
	"Ministerie van Algemene Zaken",
}

var ministryDomains = []string{
	"minvws.nl", "minszw.nl", "minocw.nl", "minbzk.nl", "minjenv.nl",
	"minez.nl", "minfin.nl", "minienw.nl", "minlvvn.nl", "minvro.nl", "minaz.nl",
}

// sectorID indexes sectors.
type sectorID uint8

const (
	secMinistry sectorID = iota
	secProvince
	secMunicipality
	secFund
	secCompany
	secGPPractice
	secGPCooperative
	secChamber
	secPatientAssociation
	secUmbrella
	secHospital
	secInsurer
	secCareProvider
	secMedia
	secUniversity
	numSectors
)

// uniqueness says which organisations of a sector can exist only once.
type uniqueness uint8

const (
	repeatable  uniqueness = iota
	perCity                // one per city (Gemeente Zwolle)
	perProvince            // one per province (Provincie Overijssel)
	perList                // one per entry of a fixed list (the ministries)
)

// sector describes one kind of organisation: its Organisation.Sector label,
// party type, share among generated organisations, relative staff size,
// names, job titles (the head's first) and expected contributions.
type sector struct {
	label  string
	party  graph.PartyType
	weight int // share among generated organisations, in percent
	size   int // relative number of persons working there
	unique uniqueness
	titles []string
	// contribution variants: what we expect of such a party and offer it.
	contrib []graph.Contribution
}

var sectors = [numSectors]sector{
	secMinistry: {
		label: "ministry", party: graph.PartyInput, weight: 1, size: 8, unique: perList,
		titles: []string{"directeur-generaal", "directeur", "beleidsmedewerker", "senior beleidsmedewerker", "programmadirecteur", "coördinerend beleidsadviseur"},
		contrib: []graph.Contribution{{
			Know: "Kent onze rol in zelfmanagement en preventie bij chronische ziekte", Able: "Kan beleid en subsidiekaders vaststellen",
			Want: "Wil patiëntenperspectief in het landelijk preventieakkoord", Do: "Verleent een instellingssubsidie en nodigt ons uit voor beleidsoverleg",
			ExchangeMeans: "Signalen uit ons patiëntenpanel, deelname aan werkgroepen", Benefits: "Draagvlak en onderbouwing voor beleid",
			Interests: "Betaalbare zorg, aantoonbaar bereik van kwetsbare groepen",
		}, {
			Know: "Kent de knelpunten van mantelzorgers en werkende chronisch zieken", Able: "Kan wet- en regelgeving aanpassen",
			Want: "Wil werkgevers stimuleren tot inclusief werkgeverschap", Do: "Neemt onze aanbevelingen op in de kamerbrief",
			ExchangeMeans: "Praktijkvoorbeelden en cijfers uit onze achterban", Benefits: "Zicht op effecten van beleid in de praktijk",
			Interests: "Arbeidsparticipatie, lagere uitkeringslasten",
		}},
	},
	secProvince: {
		label: "province", party: graph.PartyInput, weight: 2, size: 5, unique: perProvince,
		titles: []string{"gedeputeerde", "beleidsadviseur sociaal domein", "programmamanager gezondheid", "statenlid"},
		contrib: []graph.Contribution{{
			Know: "Kent ons regionale netwerk van vrijwilligers", Able: "Kan regionale projecten cofinancieren",
			Want: "Wil gezondheidsverschillen tussen stad en platteland verkleinen", Do: "Financiert de pilot Gezond in de Regio",
			ExchangeMeans: "Regionale bijeenkomsten, bereik in kleine kernen", Benefits: "Zichtbare resultaten in de provincie",
			Interests: "Leefbaarheid van het platteland, regionale economie",
		}},
	},
	secMunicipality: {
		label: "municipality", party: graph.PartyInput, weight: 8, size: 5, unique: perCity,
		titles: []string{"wethouder zorg en welzijn", "beleidsmedewerker zorg", "beleidsadviseur preventie", "raadslid", "gemeentesecretaris"},
		contrib: []graph.Contribution{{
			Know: "Kent ons lotgenotencontact in de wijken", Able: "Kan subsidie uit de Wmo verlenen",
			Want: "Wil inwoners met een chronische ziekte langer zelfstandig laten wonen", Do: "Neemt ons op in het lokale preventieakkoord",
			ExchangeMeans: "Inloopspreekuren, ervaringsdeskundigen in de wijk", Benefits: "Minder beroep op maatwerkvoorzieningen",
			Interests: "Betaalbaarheid van de Wmo, tevreden inwoners",
		}, {
			Know: "Kent onze voorlichting op scholen", Able: "Kan ruimte bieden in wijkcentra",
			Want: "Wil gezonde leefstijl bij jongeren bevorderen", Do: "Verwijst via het sociaal wijkteam naar ons",
			ExchangeMeans: "Gratis voorlichtingsmateriaal, trainingen voor wijkteams", Benefits: "Deskundigheid zonder eigen kosten",
			Interests: "Gezonde jeugd, sluitende zorgketen in de wijk",
		}},
	},
	secFund: {
		label: "fund", party: graph.PartyInput, weight: 9, size: 3, unique: repeatable,
		titles: []string{"directeur", "fondsmanager", "programmamanager", "bestuurssecretaris", "relatiemanager"},
		contrib: []graph.Contribution{{
			Know: "Kent onze programma's voor zelfmanagement", Able: "Kan meerjarige projecten financieren",
			Want: "Wil investeren in preventie met aantoonbaar effect", Do: "Honoreert onze aanvraag voor het project Samen Bewegen",
			ExchangeMeans: "Zichtbaarheid in onze campagnes, toegang tot ons patiëntenpanel", Benefits: "Meetbare impact voor hun jaarverslag",
			Interests: "Maatschappelijke impact aantonen, zorgvuldige verantwoording",
		}, {
			Know: "Kent de doelgroep van mantelzorgers", Able: "Kan innovatieve pilots starten",
			Want: "Wil kennis verspreiden via patiëntenorganisaties", Do: "Neemt ons op als partner in het fondsprogramma",
			ExchangeMeans: "Ons landelijk netwerk van lotgenotengroepen", Benefits: "Bereik onder 40.000 leden",
			Interests: "Opschaalbare projecten, sterke partners",
		}},
	},
	secCompany: {
		label: "company", party: graph.PartyInput, weight: 13, size: 2, unique: repeatable,
		titles: []string{"directeur-eigenaar", "MVO-manager", "marketingmanager", "HR-manager", "commercieel directeur"},
		contrib: []graph.Contribution{{
			Know: "Kent onze campagne Gezond aan het Werk", Able: "Kan sponsoren in geld of natura",
			Want: "Wil maatschappelijk betrokken ondernemen", Do: "Sponsort onze jaarlijkse fietstocht",
			ExchangeMeans: "Logovermelding, teamuitjes met vrijwilligers", Benefits: "Imago en betrokken medewerkers",
			Interests: "Naamsbekendheid in de regio, gezonde medewerkers",
		}},
	},
	secGPPractice: {
		label: "gp_practice", party: graph.PartyIntermediary, weight: 18, size: 2, unique: repeatable,
		titles: []string{"huisarts", "huisarts", "praktijkondersteuner", "praktijkmanager", "doktersassistent"},
		contrib: []graph.Contribution{{
			Know: "Kent ons aanbod voor nieuw gediagnosticeerde patiënten", Able: "Kan patiënten op ons wijzen",
			Want: "Wil patiënten beter voorbereiden op zelfmanagement", Do: "Legt onze folders in de wachtkamer en verwijst actief",
			ExchangeMeans: "Folders, nascholing voor praktijkondersteuners", Benefits: "Beter geïnformeerde patiënten, kortere consulten",
			Interests: "Werkdruk beperken, goede zorg dichtbij",
		}},
	},
	secGPCooperative: {
		label: "gp_cooperative", party: graph.PartyIntermediary, weight: 2, size: 2, unique: perProvince,
		titles: []string{"directeur", "kaderhuisarts", "programmamanager", "huisarts"},
		contrib: []graph.Contribution{{
			Know: "Kent onze ketenaanpak", Able: "Kan ons opnemen in regionale zorgprogramma's",
			Want: "Wil de samenwerking tussen eerste lijn en patiëntenorganisaties versterken", Do: "Nodigt ons uit in het regionale zorgoverleg",
			ExchangeMeans: "Patiëntervaringen, ervaringsdeskundigen voor scholing", Benefits: "Betere aansluiting van zorg en zelfmanagement",
			Interests: "Doelmatige zorgprogramma's, contracten met verzekeraars",
		}},
	},
	secChamber: {
		label: "chamber_of_commerce", party: graph.PartyIntermediary, weight: 3, size: 3, unique: perCity,
		titles: []string{"regiodirecteur", "adviseur startende ondernemers", "accountmanager", "adviseur subsidies"},
		contrib: []graph.Contribution{{
			Know: "Kent ons programma voor ondernemers met een chronische ziekte", Able: "Kan startende ondernemers naar ons verwijzen",
			Want: "Wil ondernemers wijzen op subsidiemogelijkheden", Do: "Brengt ons in contact met lokale bedrijven als sponsor",
			ExchangeMeans: "Workshops voor ondernemers", Benefits: "Completer adviesaanbod",
			Interests: "Gezond ondernemerschap in de regio",
		}},
	},
	secPatientAssociation: {
		label: "patient_association", party: graph.PartyConsumer, weight: 15, size: 2, unique: repeatable,
		titles: []string{"voorzitter", "secretaris", "penningmeester", "vrijwilligerscoördinator", "ervaringsdeskundige", "belangenbehartiger"},
		contrib: []graph.Contribution{{
			Know: "Kent ons aanbod van trainingen en lotgenotencontact", Able: "Kan leden mobiliseren",
			Want: "Wil gebruikmaken van onze trainingen", Do: "Doet mee aan onze ledenpeiling",
			ExchangeMeans: "Trainingen, juridisch advies, gezamenlijke belangenbehartiging", Benefits: "Sterkere stem richting overheid en verzekeraars",
			Interests: "Erkenning van hun ziekte, betere vergoedingen",
		}},
	},
	secUmbrella: {
		label: "umbrella", party: graph.PartyIntermediary, weight: 3, size: 3, unique: perProvince,
		titles: []string{"directeur", "beleidsadviseur", "projectleider", "voorzitter"},
		contrib: []graph.Contribution{{
			Know: "Kent onze achterban en expertise", Able: "Kan ons vertegenwoordigen in landelijk overleg",
			Want: "Wil patiëntenorganisaties bundelen", Do: "Neemt ons standpunt op in zijn reactie op beleid",
			ExchangeMeans: "Contributie, inbreng van ervaringsdeskundigheid", Benefits: "Breder draagvlak voor zijn standpunten",
			Interests: "Eenheid in de patiëntenbeweging",
		}},
	},
	secHospital: {
		label: "hospital", party: graph.PartyIntermediary, weight: 5, size: 6, unique: repeatable,
		titles: []string{"lid raad van bestuur", "medisch specialist", "verpleegkundig specialist", "communicatieadviseur", "manager patiëntenzorg"},
		contrib: []graph.Contribution{{
			Know: "Kent onze patiëntenvoorlichting", Able: "Kan patiënten bij ontslag op ons wijzen",
			Want: "Wil patiëntenparticipatie in de cliëntenraad versterken", Do: "Organiseert met ons een jaarlijkse patiëntendag",
			ExchangeMeans: "Ervaringsdeskundigen, voorlichtingsmateriaal", Benefits: "Hogere patiënttevredenheid",
			Interests: "Kwaliteit van zorg, goede naam in de regio",
		}},
	},
	secInsurer: {
		label: "insurer", party: graph.PartyInput, weight: 2, size: 5, unique: repeatable,
		titles: []string{"directeur zorginkoop", "zorginkoper", "manager preventie", "beleidsadviseur"},
		contrib: []graph.Contribution{{
			Know: "Kent het effect van zelfmanagement op zorggebruik", Able: "Kan preventieprogramma's vergoeden",
			Want: "Wil investeren in preventie", Do: "Vergoedt onze cursus uit de aanvullende verzekering",
			ExchangeMeans: "Effectcijfers, bereik onder verzekerden", Benefits: "Lagere zorgkosten, tevreden verzekerden",
			Interests: "Beheersbare zorgkosten, klantbinding",
		}},
	},
	secCareProvider: {
		label: "care_provider", party: graph.PartyIntermediary, weight: 9, size: 3, unique: repeatable,
		titles: []string{"bestuurder", "teamleider", "wijkverpleegkundige", "coördinator welzijn", "ouderenadviseur"},
		contrib: []graph.Contribution{{
			Know: "Kent onze lotgenotengroepen in de wijk", Able: "Kan cliënten naar ons doorverwijzen",
			Want: "Wil cliënten meer eigen regie geven", Do: "Verwijst cliënten actief naar onze trainingen",
			ExchangeMeans: "Scholing voor wijkverpleegkundigen", Benefits: "Zelfredzamere cliënten",
			Interests: "Personeelstekort opvangen, kwaliteit van zorg thuis",
		}},
	},
	secMedia: {
		label: "media", party: graph.PartyIntermediary, weight: 5, size: 3, unique: repeatable,
		titles: []string{"hoofdredacteur", "journalist", "redacteur gezondheid", "verslaggever", "programmamaker"},
		contrib: []graph.Contribution{{
			Know: "Kent ons als deskundige bron", Able: "Kan aandacht geven aan onze campagnes",
			Want: "Wil persoonlijke verhalen van patiënten brengen", Do: "Publiceert over onze Week van de Chronisch Zieke",
			ExchangeMeans: "Ervaringsverhalen, cijfers uit onze peilingen", Benefits: "Nieuwswaardige en betrouwbare verhalen",
			Interests: "Bereik en primeurs",
		}},
	},
	secUniversity: {
		label: "university", party: graph.PartyIntermediary, weight: 3, size: 5, unique: repeatable,
		titles: []string{"hoogleraar", "onderzoeker", "lector", "promovendus", "universitair docent"},
		contrib: []graph.Contribution{{
			Know: "Kent ons patiëntenpanel", Able: "Kan effectonderzoek doen",
			Want: "Wil patiënten betrekken bij onderzoek", Do: "Evalueert ons programma Samen Bewegen",
			ExchangeMeans: "Toegang tot respondenten, co-auteurschap", Benefits: "Onderzoeksdata en maatschappelijke impact",
			Interests: "Publicaties, onderzoeksfinanciering",
		}},
	},
}

// anchor is a named national organisation that the network always starts
// with (as far as Options.Organisations allows), in this order.
type anchor struct {
	name, domain, city string
	sector             sectorID
	// hard anchors are attractive funds reachable only through one or two
	// brokers (see Generate).
	hard bool
}

var anchors = []anchor{
	{"Ministerie van Volksgezondheid, Welzijn en Sport", "minvws.nl", "Den Haag", secMinistry, false},
	{"Fonds Gezond Leven", "fondsgezondleven.nl", "Utrecht", secFund, false},
	{"Stichting Loterijfonds Samen Sterker", "loterijfondssamensterker.nl", "Amsterdam", secFund, true},
	{"Ministerie van Sociale Zaken en Werkgelegenheid", "minszw.nl", "Den Haag", secMinistry, false},
	{"Landelijk Platform Patiëntenorganisaties", "platformpatientenorganisaties.nl", "Utrecht", secUmbrella, false},
	{"Zorgverzekeraar Zorgzaam", "zorgzaam-verzekeringen.nl", "Zeist", secInsurer, false},
	{"Ministerie van Onderwijs, Cultuur en Wetenschap", "minocw.nl", "Den Haag", secMinistry, false},
	{"Vermogensfonds Het Linnenhuis", "vermogensfondshetlinnenhuis.nl", "Den Haag", secFund, true},
	{"Kenniscentrum Chronisch Ziek", "kenniscentrumchronischziek.nl", "Utrecht", secUniversity, false},
	{"Omroep Gezond Nederland", "omroepgezondnederland.nl", "Hilversum", secMedia, false},
	{"Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", "minbzk.nl", "Den Haag", secMinistry, false},
	{"Stichting Zorgfonds Nederland", "zorgfondsnederland.nl", "Amersfoort", secFund, false},
}

// Parts of generated organisation names.
var (
	placeNames = []string{
		"De Linde", "Het Anker", "De Brug", "Centrum", "De Vaart", "Het Park", "De Meent", "De Bron",
		"Molenwijk", "De Hoven", "Het Kompas", "De Esch", "Rijnoever", "De Horst", "Het Lindenhof", "De Wiekslag",
	}
	diseases = []string{
		"Diabetes", "Reuma", "Hart en Vaat", "Longziekten", "Migraine", "Parkinson", "Nierziekten",
		"Darmziekten", "Psoriasis", "Epilepsie", "Chronische Pijn", "Hersenletsel", "Spierziekten", "Astma", "Long Covid",
	}
	fundThemes = []string{
		"Zorg en Welzijn", "Gezond Ouder Worden", "Samen Bewegen", "Kwetsbare Ouderen", "Jeugd en Gezondheid",
		"Mantelzorg", "Zelfredzaamheid", "Wijkgezondheid", "Sport en Gezondheid", "Armoede en Gezondheid",
	}
	companyStems    = []string{"Zorg", "Medi", "Vita", "Rijn", "Noord", "Polder", "Delta", "Groen", "Duin", "Maas", "Kempen", "Veluwe"}
	companySuffixes = []string{"tech", "net", "plan", "lab", "point", "logic", "line", "works"}
	companyTrades   = []string{"Bouw", "Installatietechniek", "Transport", "Accountants", "Vastgoed", "Catering", "Drukkerij", "Schoonmaak"}
	insurerNames    = []string{"Samen Verzekerd", "VitaPolis", "Noorderzorg", "Zuiderpolis", "De Onderlinge Zorg", "Zorgkring", "Polisvast"}
	careKinds       = []string{"Thuiszorg", "Welzijn", "Zorggroep", "Wijkzorg", "Ouderenzorg"}
	mediaKinds      = []string{"Dagblad", "Omroep", "Stadsblad", "Radio"}
	universityKinds = []string{"Kenniscentrum Gezondheid", "Lectoraat Zorginnovatie", "Academisch Netwerk Gezondheid", "Instituut voor Zorgonderzoek"}
)

// contactNotes are short notes on logged contacts, per mode.
var contactNotes = map[graph.ContactMode][]string{
	graph.ModeMeeting: {"Kennismakingsgesprek", "Overleg over projectaanvraag", "Voortgangsgesprek samenwerking", "Jaargesprek", "Werkbezoek"},
	graph.ModePhone:   {"Telefonisch afgestemd over subsidie", "Nagebeld na bijeenkomst", "Vraag over verwijzing beantwoord", "Afspraak ingepland"},
	graph.ModeLetter:  {"Jaarverslag toegestuurd", "Bedankbrief voor bijdrage", "Uitnodiging ledenvergadering verstuurd"},
	graph.ModeEmail:   {"Nieuwsbrief met persoonlijke noot", "Conceptvoorstel gedeeld", "Terugkoppeling ledenpeiling", "Uitnodiging symposium verstuurd"},
	graph.ModeEvent:   {"Nieuwjaarsreceptie", "Symposium Zelfmanagement", "Week van de Chronisch Zieke", "Regionale netwerkbijeenkomst"},
}

// Persons with a party type of their own carry one of these contributions.
var personContrib = map[graph.PartyType]graph.Contribution{
	graph.PartyInput: {
		Know: "Kent Stichting Samen Gezond en haar resultaten", Want: "Wil ons voorstel agenderen",
		Do: "Pleit intern voor financiering", ExchangeMeans: "Persoonlijk contact met de directie",
		Benefits: "Resultaten om zich mee te profileren", Interests: "Zichtbare maatschappelijke resultaten",
	},
	graph.PartyIntermediary: {
		Know: "Kent ons aanbod", Able: "Kan ons introduceren bij zijn netwerk",
		Do: "Doet een goed woordje voor ons", ExchangeMeans: "Uitnodigingen voor onze bijeenkomsten",
		Benefits: "Een sterker eigen netwerk", Interests: "Goede naam als verbinder",
	},
	graph.PartyConsumer: {
		Know: "Kent onze trainingen", Want: "Wil lotgenoten ontmoeten", Do: "Neemt deel aan onze activiteiten",
		ExchangeMeans: "Trainingen en lotgenotencontact", Benefits: "Meer grip op leven met een chronische ziekte",
		Interests: "Kwaliteit van leven",
	},
}
