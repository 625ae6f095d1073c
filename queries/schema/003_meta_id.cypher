// The (:Meta {id: "relmap"}) singleton holds the change version.
CREATE CONSTRAINT meta_id IF NOT EXISTS FOR (m:Meta) REQUIRE m.id IS UNIQUE
