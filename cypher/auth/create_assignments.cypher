// Assign libraries to a subcoordinator token (after its old assignments were deleted).
// Parameters: hash (the token's), libids (list of LIBIDs), by (who assigned: token id or
// role), at (ISO instant). Columns: libid (one row per library assigned).
MATCH (t:Token {hash: $hash})
UNWIND $libids AS libid
MATCH (l:Library {libid: libid})
CREATE (t)-[:MAINTAINS {assigned_by: $by, at: $at}]->(l)
RETURN l.libid AS libid
