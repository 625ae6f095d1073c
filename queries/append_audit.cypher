// Appends one audit entry, numbered by the counter on (:Meta {id:
// "audit"}); the MERGE locks the counter, so numbers are unique and
// increasing across concurrent writers.
MERGE (m:Meta {id: "audit"})
SET m.seq = coalesce(m.seq, 0) + 1
CREATE (a:AuditEntry {seq: m.seq, at: $at, actor: $actor, token_id: $token_id, action: $action, target: $target, status: $status, client: $client, request_id: $request_id, client_request_id: $client_request_id, detail: $detail})
RETURN a.seq AS seq
