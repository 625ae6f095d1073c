// Audit entries newest first, filtered when a parameter is not null.
MATCH (a:AuditEntry)
WHERE ($actor IS NULL OR a.actor = $actor)
  AND ($action IS NULL OR a.action = $action)
  AND ($target IS NULL OR a.target = $target)
  AND ($since IS NULL OR a.at >= $since)
  AND ($until IS NULL OR a.at < $until)
RETURN a {.*} AS entry
ORDER BY a.seq DESC
SKIP $offset LIMIT $limit
