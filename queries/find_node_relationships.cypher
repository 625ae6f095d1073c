// $anchor is one of the filter ends (node, from or to); the filters are
// checked on the relationships at that node.
MATCH (n:Node {id: $anchor})-[r:{{TYPES}}]-(:Node)
USING INDEX SEEK n:Node(id)
WITH DISTINCT r
WITH r, startNode(r) AS a, endNode(r) AS b
WHERE ($node IS NULL OR a.id = $node OR b.id = $node)
  AND ($from IS NULL OR a.id = $from)
  AND ($to IS NULL OR b.id = $to)
  AND ($type IS NULL OR type(r) = $type)
RETURN r, type(r) AS type, a.id AS from, b.id AS to
ORDER BY r.id
SKIP $offset LIMIT $limit
