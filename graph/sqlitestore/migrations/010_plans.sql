-- 010_plans: access plans (graph.Plan) and actions (graph.Action), and the
-- employee a token belongs to (auth.Token.Employee: whose calendar feed it
-- reads). The columns filter and order; data holds the whole record as
-- JSON. A plan goes with its target and its owner, an action with its
-- stakeholder, its assignee and its plan. Neither moves the data version:
-- plans and actions change nothing the network, the matrix or the
-- analyses are made of.

CREATE TABLE plans (
	id        TEXT PRIMARY KEY,
	target_id TEXT NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
	owner_id  TEXT NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
	state     TEXT NOT NULL,
	data      TEXT NOT NULL
) STRICT;

CREATE INDEX plans_target ON plans (target_id);
CREATE INDEX plans_owner ON plans (owner_id);

CREATE TABLE actions (
	id             TEXT PRIMARY KEY,
	plan_id        TEXT REFERENCES plans (id) ON DELETE CASCADE,
	stakeholder_id TEXT NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
	assignee_id    TEXT NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
	state          TEXT NOT NULL,
	due            INTEGER NOT NULL,
	data           TEXT NOT NULL
) STRICT;

CREATE INDEX actions_plan ON actions (plan_id);
CREATE INDEX actions_assignee ON actions (assignee_id, state);
CREATE INDEX actions_stakeholder ON actions (stakeholder_id);
CREATE INDEX actions_order ON actions (due, id);

ALTER TABLE tokens ADD COLUMN employee_id TEXT NOT NULL DEFAULT '';
