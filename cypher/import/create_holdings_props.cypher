// Bulk load into an EMPTY database only: create holdings whose property map leaves some
// property out (the rest go through create_holdings, as lists).
// Parameters: rows (list of {libid, nlm_uid, props}). Columns: none.
UNWIND $rows AS r
MATCH (l:Library {libid: r.libid})
MATCH (s:Serial {nlm_uid: r.nlm_uid})
CREATE (l)-[h:HOLDS]->(s)
SET h = r.props
