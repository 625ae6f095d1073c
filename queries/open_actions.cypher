// The open actions of the given assignees, which the contacts a write logs
// may close (graph.CloseByContacts); $assignees null reads every open
// action.
MATCH (a:Action {state: 'open'})
WHERE $assignees IS NULL OR a.assignee_id IN $assignees
RETURN a.data AS data
