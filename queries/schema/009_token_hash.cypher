// API tokens are (:Token {id, name, role, hash, created_at, created_by,
// revoked_at}) nodes, found by the SHA-256 of their secret; the audit log is
// (:AuditEntry {seq, at, actor, …}) nodes numbered by the counter on
// (:Meta {id: "audit"}). Neither carries the :Node label.
CREATE CONSTRAINT token_hash IF NOT EXISTS FOR (t:Token) REQUIRE t.hash IS UNIQUE
