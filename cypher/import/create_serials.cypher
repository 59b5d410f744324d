// Bulk load into an EMPTY database only: create serials (CREATE, no MERGE).
// Parameters: rows (list of {props}). Columns: none.
UNWIND $rows AS r
CREATE (s:Serial)
SET s = r.props
