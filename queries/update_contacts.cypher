// Replaces every property of stored contacts and links them anew (the
// employee or stakeholder may have changed).
UNWIND $rows AS row
MATCH (c:Contact {id: row.id})
USING INDEX SEEK c:Contact(id)
SET c = row
WITH c, row
OPTIONAL MATCH (:Node)-[h:HAD_CONTACT]->(c)
OPTIONAL MATCH (c)-[w:CONTACT_WITH]->(:Node)
DELETE h, w
WITH DISTINCT c, row
MATCH (e:Node {id: row.employee_id})
USING INDEX SEEK e:Node(id)
MATCH (s:Node {id: row.stakeholder_id})
USING INDEX SEEK s:Node(id)
CREATE (e)-[:HAD_CONTACT]->(c)-[:CONTACT_WITH]->(s)
RETURN count(c) AS n
