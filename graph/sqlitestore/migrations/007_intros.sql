-- 006_intros: introduction requests (graph.IntroRequest). The columns
-- filter and order; data holds the whole record as JSON (its path and
-- history are lists). A request goes with any of the nodes it names.

CREATE TABLE intro_requests (
	id              TEXT PRIMARY KEY,
	employee_id     TEXT NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
	intermediary_id TEXT NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
	target_id       TEXT NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
	state           TEXT NOT NULL,
	requested_at    INTEGER NOT NULL,
	data            TEXT NOT NULL
) STRICT;

CREATE INDEX intro_requests_employee ON intro_requests (employee_id);
CREATE INDEX intro_requests_intermediary ON intro_requests (intermediary_id);
CREATE INDEX intro_requests_target ON intro_requests (target_id);
CREATE INDEX intro_requests_order ON intro_requests (requested_at DESC, id);
