// The stored introduction requests among $ids, for a restore to compare.
UNWIND $ids AS id
MATCH (r:IntroRequest {id: id})
RETURN r.data AS data
