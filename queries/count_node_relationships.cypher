// The same filter as find_node_relationships.cypher, counted before paging.
MATCH (n:Node {id: $anchor})-[r:{{TYPES}}]-(:Node)
USING INDEX SEEK n:Node(id)
WITH DISTINCT r
WITH r, startNode(r) AS a, endNode(r) AS b
WHERE ($node IS NULL OR a.id = $node OR b.id = $node)
  AND ($from IS NULL OR a.id = $from)
  AND ($to IS NULL OR b.id = $to)
  AND ($type IS NULL OR type(r) = $type)
RETURN count(r) AS total
