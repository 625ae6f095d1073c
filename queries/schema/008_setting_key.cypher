// Store-wide documents (the segment scheme, the policy table) are
// (:Setting {key, value}) nodes, one per key.
CREATE CONSTRAINT setting_key IF NOT EXISTS FOR (s:Setting) REQUIRE s.key IS UNIQUE
