// Create one library's holdings after its old ones were deleted (CREATE, not MERGE: ArcadeDB
// scans every HOLDS relationship of the library for each MERGE, which is quadratic).
// Rows must be unique per title and format. Parameters: libid, rows (list of {nlm_uid, props}).
// Columns: none.
MATCH (l:Library {libid: $libid})
UNWIND $rows AS r
MATCH (s:Serial {nlm_uid: r.nlm_uid})
CREATE (l)-[h:HOLDS]->(s)
SET h = r.props
