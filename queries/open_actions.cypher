// The open actions of the given (assignee, stakeholder) pairs, which the
// contacts a write logs may close (graph.CloseByContacts); $pairs null
// reads every open action.
MATCH (a:Action {state: 'open'})
WHERE $pairs IS NULL OR [a.assignee_id, a.stakeholder_id] IN $pairs
RETURN a.data AS data
