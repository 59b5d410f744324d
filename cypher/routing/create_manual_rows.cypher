// Manual (M/A/N) map rows.
// Parameters: rows (list of {libid, entry, row}). Columns: none.
UNWIND $rows AS r
MATCH (b:Library {libid: r.libid})
MATCH (t:Library {libid: r.entry})
CREATE (b)-[:MANUAL {row: r.row}]->(t)
