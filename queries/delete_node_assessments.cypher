// The assessments of a stakeholder go with it.
MATCH (n:Node {id: $id})<-[:ASSESSES]-(a:Assessment)
USING INDEX SEEK n:Node(id)
DETACH DELETE a
RETURN count(*) AS n
