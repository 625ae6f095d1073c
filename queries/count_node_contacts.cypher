// The same filter as find_node_contacts.cypher, counted before paging.
MATCH (a:Node {id: $anchor})-[:HAD_CONTACT|CONTACT_WITH]-(c:Contact)
USING INDEX SEEK a:Node(id)
WHERE ($employee_id IS NULL OR c.employee_id = $employee_id)
  AND ($stakeholder_id IS NULL OR c.stakeholder_id = $stakeholder_id)
  AND ($mode IS NULL OR c.mode = $mode)
  AND ($since IS NULL OR c.date >= $since)
  AND ($until IS NULL OR c.date < $until)
RETURN count(c) AS total
