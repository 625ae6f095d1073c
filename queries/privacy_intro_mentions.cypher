// The introduction requests whose record mentions an erased person's id
// (in its path or a note: graph.IntroRequest.Pseudonymise); those naming
// the person went with them.
MATCH (r:IntroRequest)
WHERE r.data CONTAINS $id
RETURN r.id AS id, r.state AS state, r.data AS data
