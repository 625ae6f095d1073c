// Opens the journal of an import written in several transactions (see
// graph/neo4jstore/journal.go). Its state is "running" until the last part
// is written; a journal still running when a store opens is compensated.
CREATE (j:ImportJournal {id: $import_id, started_at: $started_at, state: "running"})
RETURN count(j) AS n
