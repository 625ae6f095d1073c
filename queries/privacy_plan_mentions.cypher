// The plans and actions whose record mentions an erased person's id (a
// plan's route or note, an action's title or note:
// graph.Plan.Pseudonymise, graph.Action.Pseudonymise); those naming the
// person went with them.
MATCH (x)
WHERE (x:Plan OR x:Action) AND x.data CONTAINS $id
RETURN x.id AS id, x:Plan AS plan, x.data AS data
