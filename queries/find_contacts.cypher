// Contacts without an employee or stakeholder filter (see
// find_node_contacts.cypher). Since is inclusive, until exclusive. Newest
// first, then by id.
MATCH (c:Contact)
WHERE ($employee_id IS NULL OR c.employee_id = $employee_id)
  AND ($stakeholder_id IS NULL OR c.stakeholder_id = $stakeholder_id)
  AND ($mode IS NULL OR c.mode = $mode)
  AND ($since IS NULL OR c.date >= $since)
  AND ($until IS NULL OR c.date < $until)
RETURN c
ORDER BY c.date DESC, c.id
SKIP $offset LIMIT $limit
