// Listings with a name filter: $name (ASCII letters lower-cased) is looked
// up in name_fold, the name with ASCII letters lower-cased, which a text
// index serves when the planner finds that cheaper than scanning the kind's
// label. The other filters as in find_nodes.cypher.
MATCH (n:Node)
WHERE n.name_fold CONTAINS $name
  AND n:{{LABEL}}
  AND ($ids IS NULL OR n.id IN $ids)
  AND ($party_type IS NULL OR coalesce(n.party_type, "") = $party_type)
  AND ($owner_id IS NULL OR coalesce(n.owner_id, "") = $owner_id)
RETURN n
ORDER BY n.name, n.id
SKIP $offset LIMIT $limit
