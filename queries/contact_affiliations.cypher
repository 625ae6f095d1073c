// The works_at and board_member_of relationships of the persons met in a
// write with the stakeholders of open actions (graph.Affiliation): a
// contact with a person counts for her organisation when an action is
// closed (graph.CloseByContacts). $persons null: every person.
MATCH (p:Node)-[r:WORKS_AT|BOARD_MEMBER_OF]->(o:Node)
WHERE o.id IN $orgs AND ($persons IS NULL OR p.id IN $persons)
RETURN p.id AS person, o.id AS org, r.since AS since, r.until AS until
