// Uniqueness of Group.code. Parameters: none. Columns: none.
CREATE CONSTRAINT group_code IF NOT EXISTS FOR (n:Group) REQUIRE n.code IS UNIQUE
