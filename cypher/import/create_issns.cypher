// Bulk load into an EMPTY database only: create ISSN index nodes and link each to its serials.
// Parameters: rows (list of [code, [nlm_uid, ...]]), codes unique. Columns: none.
UNWIND $rows AS r
CREATE (i:Issn {code: r[0]})
WITH i, r
UNWIND r[1] AS uid
MATCH (s:Serial {nlm_uid: uid})
CREATE (i)-[:IDENTIFIES]->(s)
