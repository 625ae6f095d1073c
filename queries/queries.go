// Package queries holds relmap's Cypher: one statement per *.cypher file,
// each embedded in one string variable so that a missing file breaks the
// build, and the schema statements in schema/NNN_*.cypher, applied in order
// by graph/neo4jstore when it opens a database.
//
// Every value is a parameter ($name). Labels and relationship types cannot be
// parameters, so statements that need them carry placeholders that the store
// replaces from its allow-lists (graph.Kinds and graph.RelTypes), never from
// input:
//
//	{{LABEL}}  a node kind label: Employee, Organisation or Person
//	{{TYPE}}   one relationship type, e.g. WORKS_AT
//	{{TYPES}}  every relationship type joined by "|", e.g. KNOWS|WORKS_AT|…
//
// A schema file holding {{TYPE}} is applied once per relationship type.
//
// The data model the statements assume:
//
//	(:Node:Employee|Organisation|Person {id, kind, name, name_fold, …, hash, created_at, …})
//	(:Node)-[:KNOWS|WORKS_AT|… {id, strength, …, hash, …}]->(:Node)
//	(:Node)-[:HAD_CONTACT]->(:Contact {id, date, employee_id, stakeholder_id, …})-[:CONTACT_WITH]->(:Node)
//	(:Meta {id: "relmap", version})
//	(:Setting {key, value})
//	(:Assessment {id, stakeholder_id, criterion_id, score, date, …, hash, …})-[:ASSESSES]->(:Node)
//	(:IntroRequest {id, employee_id, intermediary_id, target_id, state, requested_at, data})-[:INTRO_OF]->(:Node) ×3
//	(:Plan {id, target_id, owner_id, state, data})-[:PLAN_OF]->(:Node) ×2
//	(:Action {id, plan_id, stakeholder_id, assignee_id, state, due, data})-[:ACTION_OF]->(:Node) ×2, -[:IN_PLAN]->(:Plan)
package queries

import (
	"embed"
	"io/fs"
	"slices"
)

// Placeholders replaced by the store from its allow-lists.
const (
	LabelPlaceholder = "{{LABEL}}"
	TypePlaceholder  = "{{TYPE}}"
	TypesPlaceholder = "{{TYPES}}"
)

// Schema holds schema/NNN_*.cypher: constraints and indexes, each file one
// idempotent statement (IF NOT EXISTS), applied in file-name order.
//
//go:embed schema/*.cypher
var Schema embed.FS

// SchemaFiles returns the names of the schema files in the order they are
// applied.
func SchemaFiles() []string {
	names, err := fs.Glob(Schema, "schema/*.cypher")
	if err != nil {
		panic("queries: " + err.Error()) // the pattern is constant and valid
	}
	slices.Sort(names)
	return names
}

//go:embed *.cypher
var files embed.FS

// Connectivity and the change version.
var (
	//go:embed ping.cypher
	Ping string
	//go:embed version.cypher
	Version string
	//go:embed lock.cypher
	Lock string
	//go:embed bump_version.cypher
	BumpVersion string
	//go:embed changes.cypher
	Changes string
)

// Upsert: what is stored under the batch's ids, then the writes.
var (
	//go:embed stored_nodes.cypher
	StoredNodes string
	//go:embed node_kinds.cypher
	NodeKinds string
	//go:embed count_type.cypher
	CountType string
	//go:embed stored_relationships.cypher
	StoredRelationships string
	//go:embed stored_contacts.cypher
	StoredContacts string

	//go:embed create_nodes.cypher
	CreateNodes string
	//go:embed update_nodes.cypher
	UpdateNodes string
	//go:embed create_relationships.cypher
	CreateRelationships string
	//go:embed update_relationships.cypher
	UpdateRelationships string
	//go:embed create_contacts.cypher
	CreateContacts string
	//go:embed update_contacts.cypher
	UpdateContacts string
)

// Reads.
var (
	//go:embed find_node.cypher
	FindNode string
	//go:embed find_nodes.cypher
	FindNodes string
	//go:embed count_nodes.cypher
	CountNodes string
	//go:embed find_nodes_named.cypher
	FindNodesNamed string
	//go:embed count_nodes_named.cypher
	CountNodesNamed string
	//go:embed find_relationship.cypher
	FindRelationship string
	//go:embed find_relationships.cypher
	FindRelationships string
	//go:embed count_relationships.cypher
	CountRelationships string
	//go:embed find_node_relationships.cypher
	FindNodeRelationships string
	//go:embed count_node_relationships.cypher
	CountNodeRelationships string
	//go:embed find_contact.cypher
	FindContact string
	//go:embed find_contacts.cypher
	FindContacts string
	//go:embed count_contacts.cypher
	CountContacts string
	//go:embed find_node_contacts.cypher
	FindNodeContacts string
	//go:embed find_contacts_by_id.cypher
	FindContactsByID string
	//go:embed count_contacts_by_id.cypher
	CountContactsByID string
	//go:embed count_node_contacts.cypher
	CountNodeContacts string
	//go:embed owned_nodes.cypher
	OwnedNodes string
)

// Deletes.
var (
	//go:embed delete_node_contacts.cypher
	DeleteNodeContacts string
	//go:embed delete_node.cypher
	DeleteNode string
	//go:embed delete_relationships.cypher
	DeleteRelationships string
	//go:embed delete_contact.cypher
	DeleteContact string
)

// The segmentation (segment.Store): settings documents and assessments.
var (
	//go:embed setting.cypher
	Setting string
	//go:embed save_setting.cypher
	SaveSetting string
	//go:embed stored_assessments.cypher
	StoredAssessments string
	//go:embed create_assessments.cypher
	CreateAssessments string
	//go:embed update_assessments.cypher
	UpdateAssessments string
	//go:embed find_assessments.cypher
	FindAssessments string
	//go:embed count_assessments.cypher
	CountAssessments string
	//go:embed find_node_assessments.cypher
	FindNodeAssessments string
	//go:embed count_node_assessments.cypher
	CountNodeAssessments string
	//go:embed delete_assessment.cypher
	DeleteAssessment string
	//go:embed delete_node_assessments.cypher
	DeleteNodeAssessments string
	//go:embed all_assessments.cypher
	AllAssessments string
	//go:embed assessment_scores.cypher
	AssessmentScores string
)

// The network snapshot.
var (
	//go:embed network_nodes.cypher
	NetworkNodes string
	//go:embed network_edges.cypher
	NetworkEdges string
)

// All returns every data statement (not the schema) by file name, so that a
// test can EXPLAIN each one against a real server.
func All() map[string]string {
	all := map[string]string{
		"ping.cypher":                     Ping,
		"all_assessments.cypher":          AllAssessments,
		"assessment_scores.cypher":        AssessmentScores,
		"version.cypher":                  Version,
		"lock.cypher":                     Lock,
		"bump_version.cypher":             BumpVersion,
		"changes.cypher":                  Changes,
		"stored_nodes.cypher":             StoredNodes,
		"node_kinds.cypher":               NodeKinds,
		"count_type.cypher":               CountType,
		"stored_relationships.cypher":     StoredRelationships,
		"stored_contacts.cypher":          StoredContacts,
		"create_nodes.cypher":             CreateNodes,
		"update_nodes.cypher":             UpdateNodes,
		"create_relationships.cypher":     CreateRelationships,
		"update_relationships.cypher":     UpdateRelationships,
		"create_contacts.cypher":          CreateContacts,
		"update_contacts.cypher":          UpdateContacts,
		"find_node.cypher":                FindNode,
		"find_nodes.cypher":               FindNodes,
		"count_nodes.cypher":              CountNodes,
		"find_nodes_named.cypher":         FindNodesNamed,
		"count_nodes_named.cypher":        CountNodesNamed,
		"find_relationship.cypher":        FindRelationship,
		"find_relationships.cypher":       FindRelationships,
		"count_relationships.cypher":      CountRelationships,
		"find_node_relationships.cypher":  FindNodeRelationships,
		"count_node_relationships.cypher": CountNodeRelationships,
		"find_contact.cypher":             FindContact,
		"find_contacts.cypher":            FindContacts,
		"count_contacts.cypher":           CountContacts,
		"find_node_contacts.cypher":       FindNodeContacts,
		"find_contacts_by_id.cypher":      FindContactsByID,
		"count_contacts_by_id.cypher":     CountContactsByID,
		"count_node_contacts.cypher":      CountNodeContacts,
		"owned_nodes.cypher":              OwnedNodes,
		"delete_node_contacts.cypher":     DeleteNodeContacts,
		"delete_node.cypher":              DeleteNode,
		"delete_relationships.cypher":     DeleteRelationships,
		"delete_contact.cypher":           DeleteContact,
		"setting.cypher":                  Setting,
		"save_setting.cypher":             SaveSetting,
		"stored_assessments.cypher":       StoredAssessments,
		"create_assessments.cypher":       CreateAssessments,
		"update_assessments.cypher":       UpdateAssessments,
		"find_assessments.cypher":         FindAssessments,
		"count_assessments.cypher":        CountAssessments,
		"find_node_assessments.cypher":    FindNodeAssessments,
		"count_node_assessments.cypher":   CountNodeAssessments,
		"delete_assessment.cypher":        DeleteAssessment,
		"delete_node_assessments.cypher":  DeleteNodeAssessments,
		"network_nodes.cypher":            NetworkNodes,
		"network_edges.cypher":            NetworkEdges,
	}
	for _, area := range areas {
		for name, q := range area {
			if _, dup := all[name]; dup {
				panic("queries: " + name + " is registered twice")
			}
			all[name] = q
		}
	}
	return all
}

// Files returns the names of every data statement file embedded in the
// package, so that a test can check that All lists each of them.
func Files() []string {
	names, err := fs.Glob(files, "*.cypher")
	if err != nil {
		panic("queries: " + err.Error())
	}
	slices.Sort(names)
	return names
}

// areas are the statements of the other files of this package (trust.go,
// privacy.go, …), one map per file, added by register so that an area's
// statements live beside their variables.
var areas []map[string]string

// register adds the statements of one area to All; each file calls it once
// in a package-level var.
func register(m map[string]string) bool {
	areas = append(areas, m)
	return true
}
