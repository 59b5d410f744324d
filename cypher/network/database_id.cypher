// The identity of this database: a random id made once (network snapshots are keyed by it).
// Parameters: none. Columns: id (string, null before it is made).
OPTIONAL MATCH (m:Meta {name: "database"})
RETURN m.id AS id
