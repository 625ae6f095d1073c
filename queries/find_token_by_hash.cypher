// The token whose secret hashes to $hash; no record when there is none.
MATCH (t:Token {hash: $hash})
USING INDEX SEEK t:Token(hash)
RETURN t {.*} AS token
