// The whole suppression list, by digest.
MATCH (s:Suppression)
RETURN s.hash AS hash, s.erased_at AS erased_at
ORDER BY s.hash
