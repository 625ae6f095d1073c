// The open actions of an assignee: the calendar feed, and the actions a
// logged contact may close (close_actions.cypher).
CREATE INDEX action_assignee IF NOT EXISTS FOR (a:Action) ON (a.assignee_id, a.state)
