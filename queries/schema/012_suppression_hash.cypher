// The suppression list of erased persons: (:Suppression {hash, erased_at}),
// one node per digest of an identifier (graph.SuppressionKeys). The
// uniqueness constraint backs the MERGE of privacy_suppress.cypher and the
// seek of privacy_suppressed.cypher.
CREATE CONSTRAINT suppression_hash IF NOT EXISTS FOR (s:Suppression) REQUIRE s.hash IS UNIQUE
