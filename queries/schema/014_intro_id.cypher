// An introduction request (graph.IntroRequest) is found by its id.
CREATE CONSTRAINT intro_id IF NOT EXISTS FOR (r:IntroRequest) REQUIRE r.id IS UNIQUE
