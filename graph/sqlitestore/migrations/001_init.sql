-- 001_init: the relationship network.
--
-- Times are INTEGER milliseconds since the Unix epoch, UTC (graph truncates
-- every time it stores to the millisecond). Empty optional ids are NULL so
-- that the foreign keys hold; empty enum and text values are ''.

-- meta holds store-wide counters; 'version' moves on every changing write.
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value INTEGER NOT NULL
) STRICT;

INSERT INTO meta (key, value) VALUES ('version', 0);

-- nodes holds employees, organisations and persons: they share one id
-- namespace. data is the JSON of the whole record without its audit fields;
-- name, party_type, owner_id and do_not_route repeat what the filters and
-- Network read, so that neither decodes JSON.
CREATE TABLE nodes (
	id           TEXT PRIMARY KEY,
	kind         TEXT NOT NULL CHECK (kind IN ('employee', 'organisation', 'person')),
	name         TEXT NOT NULL,
	party_type   TEXT NOT NULL DEFAULT '',
	owner_id     TEXT REFERENCES nodes (id) ON DELETE SET NULL,
	do_not_route INTEGER NOT NULL DEFAULT 0,
	data         TEXT NOT NULL,
	hash         TEXT NOT NULL,
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL,
	created_by   TEXT NOT NULL,
	updated_by   TEXT NOT NULL
) STRICT;

CREATE INDEX nodes_kind_name ON nodes (kind, name, id);
CREATE INDEX nodes_owner ON nodes (owner_id) WHERE owner_id IS NOT NULL;

CREATE TABLE relationships (
	id         TEXT PRIMARY KEY,
	type       TEXT NOT NULL,
	from_id    TEXT NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
	to_id      TEXT NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
	strength   REAL NOT NULL,
	nature     TEXT NOT NULL DEFAULT '',
	level      TEXT NOT NULL DEFAULT '',
	since      INTEGER,
	until      INTEGER,
	source     TEXT NOT NULL DEFAULT '',
	note       TEXT NOT NULL DEFAULT '',
	hash       TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL
) STRICT;

CREATE INDEX relationships_from ON relationships (from_id);
CREATE INDEX relationships_to ON relationships (to_id);

CREATE TABLE contacts (
	id             TEXT PRIMARY KEY,
	date           INTEGER NOT NULL,
	employee_id    TEXT NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
	stakeholder_id TEXT NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
	mode           TEXT NOT NULL,
	level          TEXT NOT NULL DEFAULT '',
	note           TEXT NOT NULL DEFAULT '',
	hash           TEXT NOT NULL,
	created_at     INTEGER NOT NULL,
	updated_at     INTEGER NOT NULL,
	created_by     TEXT NOT NULL,
	updated_by     TEXT NOT NULL
) STRICT;

CREATE INDEX contacts_stakeholder ON contacts (stakeholder_id, date);
CREATE INDEX contacts_employee ON contacts (employee_id, date);
CREATE INDEX contacts_date ON contacts (date, id);
