// The plans naming a node (with their actions) and the actions naming it
// go with it.
MATCH (n:Node {id: $id})
USING INDEX SEEK n:Node(id)
OPTIONAL MATCH (n)<-[:PLAN_OF]-(p:Plan)
OPTIONAL MATCH (p)<-[:IN_PLAN]-(pa:Action)
OPTIONAL MATCH (n)<-[:ACTION_OF]-(a:Action)
DETACH DELETE pa, p, a
RETURN count(*) AS n
