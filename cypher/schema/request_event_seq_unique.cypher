// Uniqueness of RequestEvent.seq (the feed's order). Parameters: none. Columns: none.
CREATE CONSTRAINT request_event_seq IF NOT EXISTS FOR (n:RequestEvent) REQUIRE n.seq IS UNIQUE
