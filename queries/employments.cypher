// The start and end of employment of the employees $ids that have either.
MATCH (n:Node)
USING INDEX SEEK n:Node(id)
WHERE n.id IN $ids AND n.kind = "employee" AND (n.start IS NOT NULL OR n.end IS NOT NULL)
RETURN n.id AS id, n.start AS start, n.end AS `end`
