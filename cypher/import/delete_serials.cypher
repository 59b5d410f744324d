// Remove serials and their relationships (undoing an import that created them).
// Parameters: rows (list of {key}). Columns: none.
UNWIND $rows AS r
MATCH (s:Serial {nlm_uid: r.key})
DETACH DELETE s
