// A store-wide document by key ("scheme", "policies"): the JSON that
// encoding/json wrote. No record when none was saved.
MATCH (s:Setting {key: $key})
USING INDEX SEEK s:Setting(key)
RETURN s.value AS value
