// Writes back audit entries whose mentions of an erased person were
// replaced by the pseudonym.
UNWIND $rows AS row
MATCH (a:AuditEntry {seq: row.seq})
SET a.target = row.target, a.detail = row.detail, a.client_request_id = row.client_request_id
RETURN count(a) AS n
