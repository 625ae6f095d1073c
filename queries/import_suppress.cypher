// Adds the entries of a restored backup to the suppression list; a digest
// on it already keeps the day of its first erasure. Returns the digests it
// added. An import written part by part ($import_id not null) marks them,
// so that undoing the import removes them. $rows hold distinct digests.
UNWIND $rows AS row
OPTIONAL MATCH (old:Suppression {hash: row.hash})
WITH row WHERE old IS NULL
CREATE (s:Suppression {hash: row.hash, erased_at: row.erased_at})
SET s.import_id = $import_id
RETURN collect(s.hash) AS added
