// Used when no end is given; find_node_relationships.cypher starts at an end.
MATCH (a:Node)-[r:{{TYPES}}]->(b:Node)
WHERE ($type IS NULL OR type(r) = $type)
RETURN r, type(r) AS type, a.id AS from, b.id AS to
ORDER BY r.id
SKIP $offset LIMIT $limit
