// Uniqueness of Request.id. Parameters: none. Columns: none.
CREATE CONSTRAINT request_id IF NOT EXISTS FOR (n:Request) REQUIRE n.id IS UNIQUE
