MATCH (r:IntroRequest {id: $id})
RETURN r.data AS data
