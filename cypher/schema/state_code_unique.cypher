// Uniqueness of State.code. Parameters: none. Columns: none.
CREATE CONSTRAINT state_code IF NOT EXISTS FOR (n:State) REQUIRE n.code IS UNIQUE
