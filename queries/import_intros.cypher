// A restore writes introduction requests as a backup holds them: a new one
// is created and linked by INTRO_OF to the three nodes it names; a stored
// one (graph.PlanIntroImport checked that it names the same nodes) gets
// the backup's state and record.
UNWIND $rows AS row
MATCH (e:Node {id: row.employee_id})
MATCH (i:Node {id: row.intermediary_id})
MATCH (t:Node {id: row.target_id})
MERGE (r:IntroRequest {id: row.id})
SET r = row
MERGE (r)-[:INTRO_OF]->(e)
MERGE (r)-[:INTRO_OF]->(i)
MERGE (r)-[:INTRO_OF]->(t)
RETURN count(r) AS n
