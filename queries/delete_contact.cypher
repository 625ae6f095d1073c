MATCH (c:Contact {id: $id})
USING INDEX SEEK c:Contact(id)
DETACH DELETE c
RETURN count(*) AS n
