// Every API token, oldest first.
MATCH (t:Token)
RETURN t {.*} AS token
ORDER BY t.created_at, t.id
