// Listings without a name filter: every node of one kind ({{LABEL}}, the
// kind label from the allow-list). find_nodes_named.cypher serves the name
// filter. Nil filters are passed as null. Empty values are not stored:
// coalesce lets "" select the nodes without a party type or an owner.
MATCH (n:{{LABEL}})
WHERE ($ids IS NULL OR n.id IN $ids)
  AND ($party_type IS NULL OR coalesce(n.party_type, "") = $party_type)
  AND ($owner_id IS NULL OR coalesce(n.owner_id, "") = $owner_id)
RETURN n
ORDER BY n.name, n.id
SKIP $offset LIMIT $limit
