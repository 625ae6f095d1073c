// The persons who object to being processed (graph.Person.Objects).
MATCH (n:Person)
WHERE n.objects = true
RETURN n.id AS id
ORDER BY id
