// Replaces every property of stored assessments and links them anew (an
// upsert may give a stored id another stakeholder).
UNWIND $rows AS row
MATCH (a:Assessment {id: row.id})
USING INDEX SEEK a:Assessment(id)
SET a = row
WITH a, row
OPTIONAL MATCH (a)-[r:ASSESSES]->(:Node)
DELETE r
WITH DISTINCT a, row
MATCH (s:Node {id: row.stakeholder_id})
USING INDEX SEEK s:Node(id)
CREATE (a)-[:ASSESSES]->(s)
RETURN count(a) AS n
