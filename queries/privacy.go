package queries

import _ "embed"

// The statements of the privacy of persons (graph/privacy.go): a person's
// data export, the suppression list of erased persons, objections and the
// retention of contact notes. The erasure itself
// reuses delete_node_contacts, delete_node_assessments and delete_node.
var (
	//go:embed privacy_suppressed.cypher
	PrivacySuppressed string
	//go:embed privacy_suppress.cypher
	PrivacySuppress string
	//go:embed privacy_suppressions.cypher
	PrivacySuppressions string
	//go:embed privacy_objecting.cypher
	PrivacyObjecting string
	//go:embed privacy_old_notes.cypher
	PrivacyOldNotes string
	//go:embed person_refs.cypher
	PersonRefs string
	//go:embed privacy_audit_mentions.cypher
	PrivacyAuditMentions string
	//go:embed privacy_audit_pseudonymise.cypher
	PrivacyAuditPseudonymise string
	//go:embed privacy_intro_mentions.cypher
	PrivacyIntroMentions string
	//go:embed privacy_changes_pseudonymise.cypher
	PrivacyChangesPseudonymise string
)

var _ = register(map[string]string{
	"privacy_suppressed.cypher":           PrivacySuppressed,
	"privacy_suppress.cypher":             PrivacySuppress,
	"privacy_suppressions.cypher":         PrivacySuppressions,
	"privacy_objecting.cypher":            PrivacyObjecting,
	"privacy_old_notes.cypher":            PrivacyOldNotes,
	"person_refs.cypher":                  PersonRefs,
	"privacy_audit_mentions.cypher":       PrivacyAuditMentions,
	"privacy_audit_pseudonymise.cypher":   PrivacyAuditPseudonymise,
	"privacy_intro_mentions.cypher":       PrivacyIntroMentions,
	"privacy_changes_pseudonymise.cypher": PrivacyChangesPseudonymise,
})
