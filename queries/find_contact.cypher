MATCH (c:Contact {id: $id})
USING INDEX SEEK c:Contact(id)
RETURN c
