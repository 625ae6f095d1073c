// Contacts dated before $cutoff that still carry a note (retention).
MATCH (c:Contact)
WHERE c.date < $cutoff AND c.note IS NOT NULL
RETURN c
ORDER BY c.id
