// How many relationships of type {{TYPE}} are stored, from the count store
// (no scan), so that a look-up by id skips the types that have none.
MATCH ()-[r:{{TYPE}}]->()
RETURN count(r) AS n
