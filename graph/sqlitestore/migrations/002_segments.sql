-- 002_segments: the segmentation (segment.Store): the scheme and the policy
-- table as JSON documents, and the dated assessments of stakeholders.

-- settings holds store-wide documents by key: 'scheme' (a segment.Scheme)
-- and 'policies' (a segment.Policies), each the JSON that encoding/json
-- writes. A missing key means the default (segment.DefaultScheme,
-- segment.DefaultPolicies). Values are validated before they are written.
CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL CHECK (json_valid(value))
) STRICT;

-- assessments holds one score of one stakeholder on one criterion at one
-- date; re-assessments are further rows. Deleting the stakeholder deletes
-- its assessments. criterion_id is not a foreign key: the scheme is a
-- document, and assessments outlive edits of it (see segment.Store).
CREATE TABLE assessments (
	id             TEXT PRIMARY KEY,
	stakeholder_id TEXT NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
	criterion_id   TEXT NOT NULL,
	score          INTEGER NOT NULL,
	date           INTEGER NOT NULL,
	assessor       TEXT NOT NULL DEFAULT '',
	comment        TEXT NOT NULL DEFAULT '',
	hash           TEXT NOT NULL,
	created_at     INTEGER NOT NULL,
	updated_at     INTEGER NOT NULL,
	created_by     TEXT NOT NULL,
	updated_by     TEXT NOT NULL
) STRICT;

-- The listing order (and the foreign key's look-ups on delete).
CREATE INDEX assessments_stakeholder ON assessments (stakeholder_id, criterion_id, date, id);
