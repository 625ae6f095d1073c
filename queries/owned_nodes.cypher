MATCH (n:Node {owner_id: $id})
USING INDEX SEEK n:Node(owner_id)
RETURN n
