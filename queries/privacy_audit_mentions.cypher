// The audit entries that mention an erased person's id in a field that may
// carry it (auth.AuditEntry.Pseudonymise): a scan of the log, as erasures
// are rare.
MATCH (a:AuditEntry)
WHERE a.target CONTAINS $id OR a.detail CONTAINS $id OR a.client_request_id CONTAINS $id
RETURN a.seq AS seq, coalesce(a.target, "") AS target, coalesce(a.detail, "") AS detail,
       coalesce(a.client_request_id, "") AS client_request_id
