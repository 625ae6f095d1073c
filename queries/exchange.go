package queries

import _ "embed"

// The statements of an import written in several transactions, with its
// journal and compensation (graph/neo4jstore/journal.go):
//
//	(:ImportJournal {id, started_at, state: "running"|"done"})
//	(:Meta {id: "import/<id>"})          its lease, held uncommitted while it runs
//	(:ImportUndo {import_id, undo_kind, id, …})  a stored version the import changed
//
// and the ids of the records the import created, listed in undo nodes of
// kind "created", until it finishes. None of these nodes carries the :Node
// label.
var (
	//go:embed import_created.cypher
	ImportCreated string
	//go:embed import_drop_assessments.cypher
	ImportDropAssessments string
	//go:embed import_drop_contacts.cypher
	ImportDropContacts string
	//go:embed import_drop_nodes.cypher
	ImportDropNodes string
	//go:embed import_drop_relationships.cypher
	ImportDropRelationships string
	//go:embed import_forget.cypher
	ImportForget string
	//go:embed import_journal_delete.cypher
	ImportJournalDelete string
	//go:embed import_journal_done.cypher
	ImportJournalDone string
	//go:embed import_journal_start.cypher
	ImportJournalStart string
	//go:embed import_journals.cypher
	ImportJournals string
	//go:embed import_keep_assessments.cypher
	ImportKeepAssessments string
	//go:embed import_keep_contacts.cypher
	ImportKeepContacts string
	//go:embed import_keep_nodes.cypher
	ImportKeepNodes string
	//go:embed import_keep_relationships.cypher
	ImportKeepRelationships string
	//go:embed import_keep_setting.cypher
	ImportKeepSetting string
	//go:embed import_lease.cypher
	ImportLease string
	//go:embed import_restore_assessments.cypher
	ImportRestoreAssessments string
	//go:embed import_restore_contacts.cypher
	ImportRestoreContacts string
	//go:embed import_restore_nodes.cypher
	ImportRestoreNodes string
	//go:embed import_restore_relationships.cypher
	ImportRestoreRelationships string
	//go:embed import_restore_settings.cypher
	ImportRestoreSettings string
	//go:embed import_suppress.cypher
	ImportSuppress string
	//go:embed import_drop_suppressions.cypher
	ImportDropSuppressions string
	//go:embed import_untag_suppressions.cypher
	ImportUntagSuppressions string
)

var _ = register(map[string]string{
	"import_created.cypher":               ImportCreated,
	"import_drop_assessments.cypher":      ImportDropAssessments,
	"import_drop_contacts.cypher":         ImportDropContacts,
	"import_drop_nodes.cypher":            ImportDropNodes,
	"import_drop_relationships.cypher":    ImportDropRelationships,
	"import_forget.cypher":                ImportForget,
	"import_journal_delete.cypher":        ImportJournalDelete,
	"import_journal_done.cypher":          ImportJournalDone,
	"import_journal_start.cypher":         ImportJournalStart,
	"import_journals.cypher":              ImportJournals,
	"import_keep_assessments.cypher":      ImportKeepAssessments,
	"import_keep_contacts.cypher":         ImportKeepContacts,
	"import_keep_nodes.cypher":            ImportKeepNodes,
	"import_keep_relationships.cypher":    ImportKeepRelationships,
	"import_keep_setting.cypher":          ImportKeepSetting,
	"import_lease.cypher":                 ImportLease,
	"import_restore_assessments.cypher":   ImportRestoreAssessments,
	"import_restore_contacts.cypher":      ImportRestoreContacts,
	"import_restore_nodes.cypher":         ImportRestoreNodes,
	"import_restore_relationships.cypher": ImportRestoreRelationships,
	"import_restore_settings.cypher":      ImportRestoreSettings,
	"import_suppress.cypher":              ImportSuppress,
	"import_drop_suppressions.cypher":     ImportDropSuppressions,
	"import_untag_suppressions.cypher":    ImportUntagSuppressions,
})
