-- 006_audit: the X-Request-ID a client sent, kept apart from relmap's own
-- request id (auth.AuditEntry.ClientRequestID).

ALTER TABLE audit_log ADD COLUMN client_request_id TEXT NOT NULL DEFAULT '';
