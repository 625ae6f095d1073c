// The introduction requests naming a node go with it.
MATCH (n:Node {id: $id})<-[:INTRO_OF]-(r:IntroRequest)
USING INDEX SEEK n:Node(id)
DETACH DELETE r
RETURN count(*) AS n
