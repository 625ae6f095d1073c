MATCH (n:Node)
RETURN n.id AS id, n.kind AS kind, n.name AS name, n.party_type AS party_type,
       n.owner_id AS owner_id, n.do_not_route AS do_not_route, n.end AS `end`
