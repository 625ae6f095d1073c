MATCH (r:IntroRequest {id: $id})
DETACH DELETE r
RETURN count(*) AS n
