// Make the identity of this database, unless it has one: the id kept is returned.
// Parameters: id (string, a new random id). Columns: id (string).
MERGE (m:Meta {name: "database"})
ON CREATE SET m.id = $id
RETURN m.id AS id
