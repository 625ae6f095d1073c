// Compensation: deletes one list of nodes a failed import created, with
// their relationships and, as deleting a node does, the contacts and
// assessments linked to them (the import's own went before; these would be
// another writer's, or stored ones the import re-linked, which the undo
// nodes bring back), and the list; run until it returns 0.
MATCH (u:ImportUndo {import_id: $import_id, undo_kind: "created", id: "node"})
WITH u LIMIT 1
UNWIND u.ids AS id
OPTIONAL MATCH (n:Node {id: id})
OPTIONAL MATCH (n)-[:HAD_CONTACT|CONTACT_WITH]-(c:Contact)
WITH u, n, collect(c) AS cs
OPTIONAL MATCH (n)<-[:ASSESSES]-(a:Assessment)
WITH u, n, cs, collect(a) AS as
FOREACH (x IN cs + as | DETACH DELETE x)
DETACH DELETE n
WITH DISTINCT u
DELETE u
RETURN count(*) AS n
