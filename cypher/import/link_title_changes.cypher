// Link each serial to the title it continues (one-to-one title changes, H9).
// Parameters: rows (list of {later, earlier}). Columns: none.
UNWIND $rows AS r
MATCH (a:Serial {nlm_uid: r.later})
MATCH (b:Serial {nlm_uid: r.earlier})
MERGE (a)-[:CONTINUES]->(b)
