// Assessments (segment.Store) are (:Assessment) nodes with their own id
// namespace, linked (:Assessment)-[:ASSESSES]->(:Node) to their stakeholder.
CREATE CONSTRAINT assessment_id IF NOT EXISTS FOR (a:Assessment) REQUIRE a.id IS UNIQUE
