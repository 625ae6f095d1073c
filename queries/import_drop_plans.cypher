// Compensation: deletes one list of plans a failed import created, with
// their actions (as delete_plan.cypher); run until it returns 0.
MATCH (u:ImportUndo {import_id: $import_id, undo_kind: "created", id: "plan"})
WITH u LIMIT 1
UNWIND u.ids AS id
OPTIONAL MATCH (p:Plan {id: id})
OPTIONAL MATCH (p)<-[:IN_PLAN]-(a:Action)
DETACH DELETE a, p
WITH DISTINCT u
DELETE u
RETURN count(*) AS n
