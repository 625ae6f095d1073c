// Only the relationship types of the allow-list: contact links are not edges.
MATCH (a:Node)-[r:{{TYPES}}]->(b:Node)
RETURN r.id AS id, type(r) AS type, a.id AS from, b.id AS to,
       r.strength AS strength, r.nature AS nature, r.level AS level, r.since AS since, r.until AS until
