// The lease of a running import: its importer runs this in a transaction it
// keeps open (uncommitted) for as long as the import runs, from before the
// journal is committed, with $lease "import/<import id>". The uniqueness
// constraint on :Meta(id) makes any other transaction running it for the
// same lease wait until that one ends, so a store that opens and can take
// the lease (within a short transaction timeout) knows the importer is
// gone. The node is never committed.
MERGE (m:Meta {id: $lease})
RETURN count(m) AS n
