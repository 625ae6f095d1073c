// The date of the earliest contact of each of the employees $ids that has
// one, so that a start of employment cannot move after it.
MATCH (e:Node)
USING INDEX SEEK e:Node(id)
WHERE e.id IN $ids AND e.kind = "employee"
MATCH (e)-[:HAD_CONTACT]->(c:Contact)
RETURN e.id AS id, min(c.date) AS first
