// {{TYPE}} comes from the allow-list. The ends are matched first, then the
// relationship created: the store knows from its lookup (under the :Meta lock)
// that no relationship has this id.
//
// The properties are named one by one (a missing one is null, which CREATE
// does not store; every key relationshipRow writes is here, as a test
// checks): `SET r = row.props` after the CREATE made the planner put an
// Eager before it (a read/set conflict it cannot rule out for a map of
// unknown keys), which holds all of a batch's rows before it sets any.
UNWIND $rows AS row
MATCH (a:Node {id: row.from})
USING INDEX SEEK a:Node(id)
MATCH (b:Node {id: row.to})
USING INDEX SEEK b:Node(id)
WITH a, b, row.props AS p
CREATE (a)-[r:{{TYPE}} {id: p.id, strength: p.strength, hash: p.hash,
  nature: p.nature, level: p.level, source: p.source, note: p.note, since: p.since, until: p.until,
  created_at: p.created_at, created_by: p.created_by, updated_at: p.updated_at, updated_by: p.updated_by}]->(b)
RETURN count(r) AS n
