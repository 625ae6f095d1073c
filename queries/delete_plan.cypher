// A plan goes with its actions.
MATCH (p:Plan {id: $id})
OPTIONAL MATCH (p)<-[:IN_PLAN]-(a:Action)
DETACH DELETE a, p
RETURN count(DISTINCT p) AS n
