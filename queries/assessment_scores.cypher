// What placing the stakeholders needs of every assessment, ordered as
// find_assessments.cypher orders them (segment.ScoreReader).
MATCH (a:Assessment)
RETURN a.id AS id, a.stakeholder_id AS stakeholder_id, a.criterion_id AS criterion_id,
       a.score AS score, a.date AS date
ORDER BY a.stakeholder_id, a.criterion_id, a.date, a.id
