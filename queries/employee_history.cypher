// What deleting the employee $id would take with them: their logged
// contacts, their relationships ({{TYPES}}: every type of the vocabulary;
// contacts hang off other types) and the organisations and persons they
// own, which would lose their owner.
MATCH (e:Node {id: $id})
USING INDEX SEEK e:Node(id)
RETURN COUNT { (e)-[:HAD_CONTACT]->(:Contact) } AS contacts,
       COUNT { (e)-[:{{TYPES}}]-(:Node) } AS relationships,
       COUNT { MATCH (o:Node {owner_id: $id}) WHERE o.kind = "organisation" } AS organisations,
       COUNT { MATCH (p:Node {owner_id: $id}) WHERE p.kind = "person" } AS persons
