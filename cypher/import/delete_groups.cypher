// Remove groups and their relationships (undoing an import that created them).
// Parameters: rows (list of {key}). Columns: none.
UNWIND $rows AS r
MATCH (g:Group {code: r.key})
DETACH DELETE g
