// Stores a new API token. The uniqueness constraints on :Token(id) and
// :Token(hash) refuse a duplicate.
CREATE (t:Token {id: $id, name: $name, role: $role, hash: $hash, created_at: $created_at, created_by: $created_by, revoked_at: $revoked_at, employee_id: $employee_id})
RETURN t.id AS id
