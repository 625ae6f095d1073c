// Every write transaction starts here: setting a property takes the write
// lock on the :Meta singleton, so writers run one after another and the
// upsert plan, the write and the version bump see one state.
MERGE (m:Meta {id: "relmap"})
  ON CREATE SET m.version = 0
SET m.locked = true
RETURN m.version AS version
