// Create or replace holdings, one HOLDS relationship per library, title and format.
// Parameters: rows (list of {libid, nlm_uid, format, props}). Columns: none.
UNWIND $rows AS r
MATCH (l:Library {libid: r.libid})
MATCH (s:Serial {nlm_uid: r.nlm_uid})
MERGE (l)-[h:HOLDS {format: r.format}]->(s)
SET h = r.props
