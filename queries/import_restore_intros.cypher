// Compensation: writes back up to $limit introduction requests a failed
// import kept (a request deleted meanwhile stays deleted); run until it
// returns 0.
MATCH (u:ImportUndo {import_id: $import_id, undo_kind: "intro"})
WITH u LIMIT $limit
OPTIONAL MATCH (r:IntroRequest {id: u.id})
FOREACH (_ IN CASE WHEN r IS NULL THEN [] ELSE [1] END |
  SET r.state = u.state, r.requested_at = u.requested_at, r.data = u.data)
DELETE u
RETURN count(*) AS n
