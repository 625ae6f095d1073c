// Contacts with the given ids ($ids, one list), sought in the index of
// contact ids; the other filters as in find_contacts.cypher.
MATCH (c:Contact)
USING INDEX SEEK c:Contact(id)
WHERE c.id IN $ids
  AND ($employee_id IS NULL OR c.employee_id = $employee_id)
  AND ($stakeholder_id IS NULL OR c.stakeholder_id = $stakeholder_id)
  AND ($mode IS NULL OR c.mode = $mode)
  AND ($since IS NULL OR c.date >= $since)
  AND ($until IS NULL OR c.date < $until)
RETURN c
ORDER BY c.date DESC, c.id
SKIP $offset LIMIT $limit
