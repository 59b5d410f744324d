// Uniqueness of Library.libid. Parameters: none. Columns: none.
CREATE CONSTRAINT library_libid IF NOT EXISTS FOR (n:Library) REQUIRE n.libid IS UNIQUE
