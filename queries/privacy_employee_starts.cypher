// The start of employment of the employees $ids that have one.
MATCH (n:Node)
USING INDEX SEEK n:Node(id)
WHERE n.id IN $ids AND n.kind = "employee" AND n.start IS NOT NULL
RETURN n.id AS id, n.start AS start
