// Applied once per relationship type of graph.RelTypes ({{TYPE}} is replaced
// from that allow-list). Neo4j 5.7+ Community supports relationship property
// uniqueness constraints, but only per type: uniqueness across types is kept
// by the store, whose writers are serialised on the :Meta node.
CREATE CONSTRAINT relationship_{{TYPE}}_id IF NOT EXISTS FOR ()-[r:{{TYPE}}]-() REQUIRE r.id IS UNIQUE
