// Uniqueness of Token.hash (API tokens are looked up by the hash of their secret).
// Parameters: none. Columns: none.
CREATE CONSTRAINT token_hash IF NOT EXISTS FOR (n:Token) REQUIRE n.hash IS UNIQUE
