// A logged contact is a (:Contact) node, linked (employee)-[:HAD_CONTACT]->
// (contact)-[:CONTACT_WITH]->(stakeholder); employee_id and stakeholder_id are
// also kept as properties for indexed filtering. Contacts are never edges of
// the network.
UNWIND $rows AS row
MATCH (e:Node {id: row.employee_id})
USING INDEX SEEK e:Node(id)
MATCH (s:Node {id: row.stakeholder_id})
USING INDEX SEEK s:Node(id)
CREATE (e)-[:HAD_CONTACT]->(c:Contact)-[:CONTACT_WITH]->(s)
SET c = row
RETURN count(c) AS n
