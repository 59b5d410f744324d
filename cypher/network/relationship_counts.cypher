// How many relationships there are of each type.
// Parameters: none. Columns: type (string), relationships (int).
MATCH ()-[r]->()
RETURN type(r) AS type, count(*) AS relationships
ORDER BY type
