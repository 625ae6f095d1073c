// Run once per type ({{TYPE}} from the allow-list): relationship indexes
// cover one type each.
//
// Every lookup by id in queries/ carries a USING INDEX SEEK hint. Without
// it Neo4j 5.26 may plan the lookup as a scan of the whole index plus a
// filter: it does so when the index statistics were sampled while the
// index was empty (right after a bulk import), and for patterns over several
// types (A|B), and it caches that plan. A batch lookup then turns quadratic:
// minutes instead of milliseconds for 20,000 ids. (A plain USING INDEX hint
// is satisfied by a scan.)
MATCH ()-[r:{{TYPE}}]->()
USING INDEX SEEK r:{{TYPE}}(id)
WHERE r.id IN $ids
RETURN r.id AS id, startNode(r).id AS from, endNode(r).id AS to, r.hash AS hash,
       r.created_at AS created_at, r.created_by AS created_by,
       r.updated_at AS updated_at, r.updated_by AS updated_by
