// The same filter as find_contacts_by_id.cypher, counted before paging.
MATCH (c:Contact)
USING INDEX SEEK c:Contact(id)
WHERE c.id IN $ids
  AND ($employee_id IS NULL OR c.employee_id = $employee_id)
  AND ($stakeholder_id IS NULL OR c.stakeholder_id = $stakeholder_id)
  AND ($mode IS NULL OR c.mode = $mode)
  AND ($since IS NULL OR c.date >= $since)
  AND ($until IS NULL OR c.date < $until)
RETURN count(c) AS total
