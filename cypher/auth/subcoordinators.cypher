// Subcoordinator tokens (of one region, or all) with the libraries assigned to each.
// Parameters: region (string or null for every region), id (hash prefix or null for all).
// Columns: hash (string), region (string), created (string), libraries (list of LIBIDs).
MATCH (t:Token {role: "subcoordinator"})
WHERE ($region IS NULL OR t.region = $region) AND ($id IS NULL OR t.hash STARTS WITH $id)
OPTIONAL MATCH (t)-[:MAINTAINS]->(l:Library)
WITH t, l
ORDER BY l.libid
RETURN t.hash AS hash, t.region AS region, t.created AS created,
       collect(l.libid) AS libraries
ORDER BY created, hash
