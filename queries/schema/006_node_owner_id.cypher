// Serves the owner filter and clearing the owner when an employee is deleted.
CREATE INDEX node_owner_id IF NOT EXISTS FOR (n:Node) ON (n.owner_id)
