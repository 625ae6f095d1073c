// Marks assessments an import created (or created and then changed) with its id.
UNWIND $ids AS id
MATCH (a:Assessment {id: id})
USING INDEX SEEK a:Assessment(id)
SET a.import_id = $import_id
RETURN count(a) AS n
