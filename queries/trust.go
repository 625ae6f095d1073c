package queries

import _ "embed"

// Access control (auth.Store): API tokens and the audit log.
var (
	//go:embed create_token.cypher
	CreateToken string
	//go:embed find_tokens.cypher
	FindTokens string
	//go:embed find_token_by_hash.cypher
	FindTokenByHash string
	//go:embed revoke_token.cypher
	RevokeToken string
	//go:embed append_audit.cypher
	AppendAudit string
	//go:embed find_audit.cypher
	FindAudit string
	//go:embed count_audit.cypher
	CountAudit string
)

var _ = register(map[string]string{
	"create_token.cypher":       CreateToken,
	"find_tokens.cypher":        FindTokens,
	"find_token_by_hash.cypher": FindTokenByHash,
	"revoke_token.cypher":       RevokeToken,
	"append_audit.cypher":       AppendAudit,
	"find_audit.cypher":         FindAudit,
	"count_audit.cypher":        CountAudit,
})
