// Every assessment, ordered as find_assessments.cypher orders them: the
// matrix reads them in one statement rather than page by page.
MATCH (a:Assessment)
RETURN a
ORDER BY a.stakeholder_id, a.criterion_id, a.date, a.id
