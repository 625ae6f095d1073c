-- 008_changes: the change log (graph.ChangeLog): one row per write that
-- moved the version, the last graph.MaxChanges kept, so that what is
-- derived from the data (the analysis snapshot, the segment matrix) can be
-- updated from what changed. change is graph.EncodeChange's text: the part
-- and the stakeholders named.
CREATE TABLE changes (
	version INTEGER PRIMARY KEY,
	change  TEXT NOT NULL
) STRICT;
