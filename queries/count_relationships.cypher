MATCH (a:Node)-[r:{{TYPES}}]->(b:Node)
WHERE ($type IS NULL OR type(r) = $type)
RETURN count(r) AS total
