// A closed action: its state and record change, never what it names.
MATCH (a:Action {id: $id})
SET a.state = $state, a.data = $data
RETURN count(a) AS n
