// An assessment is an (:Assessment) node linked to its stakeholder by
// ASSESSES, so that it goes when the stakeholder is deleted
// (delete_node_assessments.cypher); stakeholder_id is also kept as a
// property for indexed filtering. ASSESSES is not a relationship type of the
// vocabulary: assessments are never edges of the network.
UNWIND $rows AS row
MATCH (s:Node {id: row.stakeholder_id})
USING INDEX SEEK s:Node(id)
CREATE (a:Assessment)-[:ASSESSES]->(s)
SET a = row
RETURN count(a) AS n
