// Remove libraries from a subcoordinator's assignments (every one when libids is null).
// Parameters: hash (the token's), libids (list of LIBIDs or null). Columns: removed (int).
MATCH (:Token {hash: $hash})-[m:MAINTAINS]->(l:Library)
WHERE $libids IS NULL OR l.libid IN $libids
DELETE m
RETURN count(m) AS removed
