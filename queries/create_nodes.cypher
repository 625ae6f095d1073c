// {{LABEL}} is the kind label (Employee, Organisation, Person) from the
// allow-list; each row is the full property map of one node.
UNWIND $rows AS row
CREATE (n:Node:{{LABEL}})
SET n = row
RETURN count(n) AS n
