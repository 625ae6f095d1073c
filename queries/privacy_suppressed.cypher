// Which of the digests $hashes are on the suppression list, with the day of
// their erasure.
MATCH (s:Suppression)
USING INDEX SEEK s:Suppression(hash)
WHERE s.hash IN $hashes
RETURN s.hash AS hash, s.erased_at AS erased_at
