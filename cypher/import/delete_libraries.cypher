// Remove libraries and their relationships (undoing an import that created them).
// Parameters: rows (list of {key}). Columns: none.
UNWIND $rows AS r
MATCH (l:Library {libid: r.key})
DETACH DELETE l
