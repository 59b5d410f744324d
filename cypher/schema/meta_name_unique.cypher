// Uniqueness of Meta.name (the network version counter lives on Meta {name: "network"}). Parameters: none. Columns: none.
CREATE CONSTRAINT meta_name IF NOT EXISTS FOR (n:Meta) REQUIRE n.name IS UNIQUE
