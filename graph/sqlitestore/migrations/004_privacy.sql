-- 004_privacy: the privacy of persons (graph/privacy.go).

-- suppressions is the suppression list of erased persons: the SHA-256
-- digests (hex) of their normalised identifiers (graph.SuppressionKeys) and
-- the day of the erasure, so that an import cannot bring them back. It
-- holds no personal data in the clear.
CREATE TABLE suppressions (
	hash      TEXT PRIMARY KEY CHECK (length(hash) = 64),
	erased_at INTEGER NOT NULL
) STRICT;

-- The persons who object (graph.Person.Objects), which every analysis
-- leaves out; the expression matches Objecting's query exactly.
CREATE INDEX nodes_objecting ON nodes (id)
	WHERE kind = 'person' AND json_extract(data, '$.objects') = 1;
