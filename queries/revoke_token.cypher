// Marks a token revoked, keeping the first revocation time; no record when
// the token does not exist.
MATCH (t:Token {id: $id})
USING INDEX SEEK t:Token(id)
SET t.revoked_at = coalesce(t.revoked_at, $at)
RETURN t.id AS id
