// Marks an import written whole: from here on it is kept, and only its marks
// (import_id properties, undo nodes) remain to be cleared.
MATCH (j:ImportJournal {id: $import_id})
SET j.state = "done"
RETURN count(j) AS n
