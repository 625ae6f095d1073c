// Puts digests on the suppression list; a digest already there keeps the
// day of its first erasure.
UNWIND $rows AS row
MERGE (s:Suppression {hash: row.hash})
  ON CREATE SET s.erased_at = row.erased_at
RETURN count(s) AS n
