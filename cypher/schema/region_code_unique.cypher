// Uniqueness of Region.code. Parameters: none. Columns: none.
CREATE CONSTRAINT region_code IF NOT EXISTS FOR (n:Region) REQUIRE n.code IS UNIQUE
