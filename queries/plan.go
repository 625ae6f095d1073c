package queries

import _ "embed"

// The statements of access plans and actions (graph/plan.go,
// graph/action.go).
var (
	//go:embed create_plan.cypher
	CreatePlan string
	//go:embed update_plan.cypher
	UpdatePlan string
	//go:embed find_plan.cypher
	FindPlan string
	//go:embed find_plans.cypher
	FindPlans string
	//go:embed count_plans.cypher
	CountPlans string
	//go:embed delete_plan.cypher
	DeletePlan string
	//go:embed delete_node_plans.cypher
	DeleteNodePlans string
	//go:embed create_action.cypher
	CreateAction string
	//go:embed update_action.cypher
	UpdateAction string
	//go:embed find_action.cypher
	FindAction string
	//go:embed find_actions.cypher
	FindActions string
	//go:embed count_actions.cypher
	CountActions string
	//go:embed delete_action.cypher
	DeleteAction string
	//go:embed open_actions.cypher
	OpenActions string
	//go:embed contact_affiliations.cypher
	ContactAffiliations string
	//go:embed save_action.cypher
	SaveAction string
	//go:embed privacy_plan_mentions.cypher
	PrivacyPlanMentions string
)

var _ = register(map[string]string{
	"create_plan.cypher":           CreatePlan,
	"update_plan.cypher":           UpdatePlan,
	"find_plan.cypher":             FindPlan,
	"find_plans.cypher":            FindPlans,
	"count_plans.cypher":           CountPlans,
	"delete_plan.cypher":           DeletePlan,
	"delete_node_plans.cypher":     DeleteNodePlans,
	"create_action.cypher":         CreateAction,
	"update_action.cypher":         UpdateAction,
	"find_action.cypher":           FindAction,
	"find_actions.cypher":          FindActions,
	"count_actions.cypher":         CountActions,
	"delete_action.cypher":         DeleteAction,
	"open_actions.cypher":          OpenActions,
	"contact_affiliations.cypher":  ContactAffiliations,
	"save_action.cypher":           SaveAction,
	"privacy_plan_mentions.cypher": PrivacyPlanMentions,
})
