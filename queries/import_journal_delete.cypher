// A database holds a journal per import not yet cleared, a handful at most:
// no index.
MATCH (j:ImportJournal {id: $import_id})
DELETE j
RETURN count(*) AS n
