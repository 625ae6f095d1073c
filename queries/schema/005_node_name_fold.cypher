// name_fold is the name with ASCII letters lower-cased. A text index serves
// the "name contains" filter.
CREATE TEXT INDEX node_name_fold IF NOT EXISTS FOR (n:Node) ON (n.name_fold)
