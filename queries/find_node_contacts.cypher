// Contacts of one employee or stakeholder ($anchor, one of the filter ids),
// found through their links; the filters as in find_contacts.cypher.
MATCH (a:Node {id: $anchor})-[:HAD_CONTACT|CONTACT_WITH]-(c:Contact)
USING INDEX SEEK a:Node(id)
WHERE ($employee_id IS NULL OR c.employee_id = $employee_id)
  AND ($stakeholder_id IS NULL OR c.stakeholder_id = $stakeholder_id)
  AND ($mode IS NULL OR c.mode = $mode)
  AND ($since IS NULL OR c.date >= $since)
  AND ($until IS NULL OR c.date < $until)
RETURN c
ORDER BY c.date DESC, c.id
SKIP $offset LIMIT $limit
