// Uniqueness of Issn.code: the index that resolves an ISSN to its serial. Parameters: none. Columns: none.
CREATE CONSTRAINT issn_code IF NOT EXISTS FOR (n:Issn) REQUIRE n.code IS UNIQUE
