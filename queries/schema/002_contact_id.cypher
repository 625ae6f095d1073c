// Logged contacts are (:Contact) nodes with their own id namespace.
CREATE CONSTRAINT contact_id IF NOT EXISTS FOR (c:Contact) REQUIRE c.id IS UNIQUE
