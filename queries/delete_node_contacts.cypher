// The contacts a node took part in go with it.
MATCH (n:Node {id: $id})-[:HAD_CONTACT|CONTACT_WITH]-(c:Contact)
USING INDEX SEEK n:Node(id)
DETACH DELETE c
RETURN count(*) AS n
