// An update may hand the action to another assignee: the ACTION_OF links
// follow the stakeholder and the assignee the record names.
MATCH (a:Action {id: $row.id})
SET a = $row
WITH a
OPTIONAL MATCH (a)-[l:ACTION_OF]->()
DELETE l
WITH DISTINCT a
MATCH (s:Node {id: $row.stakeholder_id})
USING INDEX SEEK s:Node(id)
MATCH (e:Node {id: $row.assignee_id})
USING INDEX SEEK e:Node(id)
CREATE (a)-[:ACTION_OF]->(s), (a)-[:ACTION_OF]->(e)
RETURN count(DISTINCT a) AS n
