// A move changes the state and the record, never the nodes it names.
MATCH (r:IntroRequest {id: $id})
SET r.state = $state, r.data = $data
RETURN count(r) AS n
