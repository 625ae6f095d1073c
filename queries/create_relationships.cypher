// {{TYPE}} comes from the allow-list. The ends are matched first, then the
// relationship created: the store knows from its lookup (under the :Meta lock)
// that no relationship has this id.
UNWIND $rows AS row
MATCH (a:Node {id: row.from})
USING INDEX SEEK a:Node(id)
MATCH (b:Node {id: row.to})
USING INDEX SEEK b:Node(id)
CREATE (a)-[r:{{TYPE}}]->(b)
SET r = row.props
RETURN count(r) AS n
