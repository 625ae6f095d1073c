// Node ids (employees, organisations, persons) share one namespace: every
// node carries the :Node label beside its kind label.
CREATE CONSTRAINT node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE
