-- 003_trust: access control (auth.Store): the API tokens, kept as the
-- SHA-256 of their secret, and the append-only audit log of every write,
-- export and erasure. Neither touches the data version: a token or an
-- audit entry does not change the network.

CREATE TABLE tokens (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	role       TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
	hash       TEXT NOT NULL UNIQUE,
	created_at INTEGER NOT NULL,
	created_by TEXT NOT NULL,
	revoked_at INTEGER
) STRICT;

-- seq orders the log (INTEGER PRIMARY KEY is the rowid: monotonic, as
-- rows are never deleted).
CREATE TABLE audit_log (
	seq        INTEGER PRIMARY KEY,
	at         INTEGER NOT NULL,
	actor      TEXT NOT NULL,
	token_id   TEXT NOT NULL DEFAULT '',
	action     TEXT NOT NULL,
	target     TEXT NOT NULL DEFAULT '',
	status     INTEGER NOT NULL,
	client     TEXT NOT NULL DEFAULT '',
	request_id TEXT NOT NULL DEFAULT '',
	detail     TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_target ON audit_log (target);
