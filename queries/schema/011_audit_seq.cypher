// The audit log is read newest first and paged by its sequence number.
CREATE RANGE INDEX audit_seq IF NOT EXISTS FOR (a:AuditEntry) ON (a.seq)
