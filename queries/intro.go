package queries

import _ "embed"

// The statements of introduction requests (graph/intro.go).
var (
	//go:embed create_intro.cypher
	CreateIntro string
	//go:embed update_intro.cypher
	UpdateIntro string
	//go:embed find_intro.cypher
	FindIntro string
	//go:embed find_intros.cypher
	FindIntros string
	//go:embed count_intros.cypher
	CountIntros string
	//go:embed delete_intro.cypher
	DeleteIntro string
	//go:embed delete_node_intros.cypher
	DeleteNodeIntros string
	//go:embed stored_intros.cypher
	StoredIntros string
	//go:embed import_intros.cypher
	ImportIntros string
	//go:embed import_keep_intros.cypher
	ImportKeepIntros string
	//go:embed import_restore_intros.cypher
	ImportRestoreIntros string
	//go:embed import_drop_intros.cypher
	ImportDropIntros string
)

var _ = register(map[string]string{
	"create_intro.cypher":          CreateIntro,
	"update_intro.cypher":          UpdateIntro,
	"find_intro.cypher":            FindIntro,
	"find_intros.cypher":           FindIntros,
	"count_intros.cypher":          CountIntros,
	"delete_intro.cypher":          DeleteIntro,
	"delete_node_intros.cypher":    DeleteNodeIntros,
	"stored_intros.cypher":         StoredIntros,
	"import_intros.cypher":         ImportIntros,
	"import_keep_intros.cypher":    ImportKeepIntros,
	"import_restore_intros.cypher": ImportRestoreIntros,
	"import_drop_intros.cypher":    ImportDropIntros,
})
