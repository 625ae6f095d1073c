// An introduction request is an (:IntroRequest) node linked by INTRO_OF to
// the employee, intermediary and target it names, so that it goes with them
// (delete_node_intros.cypher). The columns filter and order; data holds the
// whole record as JSON.
MATCH (e:Node {id: $row.employee_id})
USING INDEX SEEK e:Node(id)
MATCH (i:Node {id: $row.intermediary_id})
USING INDEX SEEK i:Node(id)
MATCH (t:Node {id: $row.target_id})
USING INDEX SEEK t:Node(id)
CREATE (r:IntroRequest)
SET r = $row
CREATE (r)-[:INTRO_OF]->(e), (r)-[:INTRO_OF]->(i), (r)-[:INTRO_OF]->(t)
RETURN count(r) AS n
