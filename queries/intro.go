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
)

var _ = register(map[string]string{
	"create_intro.cypher":       CreateIntro,
	"update_intro.cypher":       UpdateIntro,
	"find_intro.cypher":         FindIntro,
	"find_intros.cypher":        FindIntros,
	"count_intros.cypher":       CountIntros,
	"delete_intro.cypher":       DeleteIntro,
	"delete_node_intros.cypher": DeleteNodeIntros,
})
