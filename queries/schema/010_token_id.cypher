// A token's id (tok-…) names it in "relmap token revoke".
CREATE CONSTRAINT token_id IF NOT EXISTS FOR (t:Token) REQUIRE t.id IS UNIQUE
