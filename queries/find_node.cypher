MATCH (n:Node {id: $id})
USING INDEX SEEK n:Node(id)
RETURN n
