// Other nodes of a person's export, by id, kind and name only.
MATCH (n:Node)
USING INDEX SEEK n:Node(id)
WHERE n.id IN $ids
RETURN n.id AS id, n.kind AS kind, n.name AS name
