// Do-not-route entries.
// Parameters: rows (list of {libid, entry}). Columns: none.
UNWIND $rows AS r
MATCH (b:Library {libid: r.libid})
MATCH (t:Library {libid: r.entry})
CREATE (b)-[:DO_NOT_ROUTE]->(t)
