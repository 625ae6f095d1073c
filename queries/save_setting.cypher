// Stores a document under its key, replacing the one stored. The
// uniqueness constraint on :Setting(key) backs the MERGE.
MERGE (s:Setting {key: $key})
SET s.value = $value
RETURN count(s) AS n
