-- 009_assessment_scores: the listing order of the assessments carries the
-- score too, so that reading what placement needs of every assessment in
-- that order (ReadScores: the segment matrix) never visits the table: the
-- C library reads 10^6 assessments in 0.34 s of CPU that way, 0.62 s
-- through the table. The listings and the foreign key's look-ups use it as
-- they used the index it replaces.
DROP INDEX assessments_stakeholder;
CREATE INDEX assessments_stakeholder ON assessments (stakeholder_id, criterion_id, date, id, score);
