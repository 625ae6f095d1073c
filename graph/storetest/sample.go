package storetest

import (
	"time"

	"github.com/relmap/relmap/graph"
)

// Sample returns a small hand-made relationship network, new on every call
// (Upsert normalizes and audits the records it is given):
//
//   - employees emp-anna (director), emp-bram (account manager) and emp-cees
//     (staff);
//   - organisations org-fund (input, owned by emp-bram), org-city (input,
//     owned by emp-anna), org-gp (intermediary, owned by emp-cees), org-kvk
//     (intermediary, interests unknown) and org-council (consumer);
//   - persons per-dirk (input, owned by emp-bram), per-eva (intermediary,
//     do-not-route, owned by emp-cees), per-fatima (consumer) and per-gert;
//   - 13 relationships of every type, among them symmetric knows ties (one
//     given as "to < from") and partners_with with an explicit id; the others
//     get their ids from graph.RelationshipID;
//   - 5 contacts, two of them at the same time.
//
// Every reference points into the batch itself, so Sample upserts into an
// empty store.
func Sample() *graph.Batch {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, time.UTC) }
	return &graph.Batch{
		Employees: []*graph.Employee{
			{ID: "emp-anna", Name: "Anna Jansen", Email: "anna@example.org", Role: graph.RoleDirector, Team: "Directie"},
			{ID: "emp-bram", Name: "Bram de Boer", Email: "bram@example.org", Role: graph.RoleAccountManager, Team: "Fondsen", Source: graph.SourceImport},
			{ID: "emp-cees", Name: "Cees Visser", Role: graph.RoleStaff},
		},
		Organisations: []*graph.Organisation{
			{ID: "org-fund", Name: "Fonds Noord", Sector: "fund", City: "Groningen", Website: "https://fondsnoord.example",
				PartyType: graph.PartyInput, OwnerID: "emp-bram", Source: graph.SourceImport,
				Contribution: graph.Contribution{Know: "our results", Do: "co-finance the pilot", ExchangeMeans: "visibility",
					Benefits: "impact in the region", Interests: "measurable outcomes"}},
			{ID: "org-city", Name: "Gemeente Zuid", Sector: "municipality", PartyType: graph.PartyInput, OwnerID: "emp-anna"},
			{ID: "org-gp", Name: "Huisartsenpraktijk Oost", Sector: "gp", PartyType: graph.PartyIntermediary, OwnerID: "emp-cees"},
			{ID: "org-kvk", Name: "Kamer van Koophandel", PartyType: graph.PartyIntermediary,
				Contribution: graph.Contribution{InterestsUnknown: true}},
			{ID: "org-council", Name: "Cliëntenraad West", PartyType: graph.PartyConsumer},
		},
		Persons: []*graph.Person{
			{ID: "per-dirk", Name: "Dirk Smit", Email: "dirk@fondsnoord.example", Title: "Director",
				LinkedInURL: "https://www.linkedin.com/in/dirk-smit", PartyType: graph.PartyInput, OwnerID: "emp-bram",
				Contribution: graph.Contribution{Want: "support the pilot"}, Source: graph.SourceLinkedIn},
			{ID: "per-eva", Name: "Eva de Wit", Title: "GP", PartyType: graph.PartyIntermediary, OwnerID: "emp-cees", DoNotRoute: true},
			{ID: "per-fatima", Name: "Fatima El Amrani", PartyType: graph.PartyConsumer},
			{ID: "per-gert", Name: "Gert Bakker", Email: "gert@example.org", OtherEmails: []string{"g.bakker@example.net", "gert.bakker@example.com"},
				Phone: "+31 6 1234 5678"},
		},
		Relationships: []*graph.Relationship{
			{Type: graph.RelKnows, From: "emp-anna", To: "per-dirk", Strength: 0.8, Nature: graph.NaturePersonal,
				Level: graph.LevelStrategic, Since: day(2019, 5, 1), Source: graph.SourceManual, Note: "studied together"},
			{Type: graph.RelKnows, From: "per-eva", To: "emp-cees", Strength: 0.6, Nature: graph.NatureProfessional, Level: graph.LevelOperational},
			{Type: graph.RelKnows, From: "per-dirk", To: "per-eva", Strength: 0.3},
			{Type: graph.RelWorksAt, From: "per-dirk", To: "org-fund", Strength: 1, Nature: graph.NatureFormal, Since: day(2015, 1, 1)},
			{Type: graph.RelWorksAt, From: "per-eva", To: "org-gp", Strength: 1, Nature: graph.NatureFormal},
			{Type: graph.RelWorksAt, From: "per-gert", To: "org-city", Strength: 0.9, Nature: graph.NatureFormal,
				Since: day(2010, 1, 1), Until: day(2025, 6, 30)},
			{Type: graph.RelBoardMemberOf, From: "per-fatima", To: "org-council", Strength: 0.7, Nature: graph.NatureFormal},
			{Type: graph.RelMemberOf, From: "org-gp", To: "org-kvk", Strength: 0.4},
			{Type: graph.RelFunds, From: "org-fund", To: "org-council", Strength: 0.7, Source: graph.SourceImport},
			{ID: "rel-city-kvk", Type: graph.RelPartnersWith, From: "org-city", To: "org-kvk", Strength: 0.5},
			{Type: graph.RelRefersTo, From: "org-gp", To: "per-fatima", Strength: 0.4},
			{Type: graph.RelAdvises, From: "emp-bram", To: "org-city", Strength: 0.5, Nature: graph.NatureProfessional,
				Level: graph.LevelTactical, Note: "quarterly advice"},
			{Type: graph.RelReportsTo, From: "per-gert", To: "per-dirk", Strength: 0.6},
		},
		Contacts: []*graph.Contact{
			{ID: "con-1", Date: at(2026, 1, 10, 9, 30), EmployeeID: "emp-anna", StakeholderID: "per-dirk",
				Mode: graph.ModeMeeting, Level: graph.LevelStrategic, Note: "lunch"},
			{ID: "con-2", Date: at(2026, 1, 12, 14, 0), EmployeeID: "emp-bram", StakeholderID: "org-fund", Mode: graph.ModePhone, Level: graph.LevelTactical},
			{ID: "con-3", Date: at(2026, 1, 12, 14, 0), EmployeeID: "emp-bram", StakeholderID: "org-fund", Mode: graph.ModeEmail},
			{ID: "con-4", Date: at(2025, 11, 3, 0, 0), EmployeeID: "emp-cees", StakeholderID: "per-eva", Mode: graph.ModeEvent, Level: graph.LevelOperational},
			{ID: "con-5", Date: at(2025, 12, 1, 10, 0), EmployeeID: "emp-anna", StakeholderID: "org-city", Mode: graph.ModeLetter},
		},
	}
}
