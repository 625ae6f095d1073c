// The dates of the first and the last contact of each of the employees
// $ids that has one, so that their employment cannot leave a contact out.
MATCH (e:Node)
USING INDEX SEEK e:Node(id)
WHERE e.id IN $ids AND e.kind = "employee"
MATCH (e)-[:HAD_CONTACT]->(c:Contact)
RETURN e.id AS id, min(c.date) AS first, max(c.date) AS last
