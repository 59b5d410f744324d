// update.cypher for many requests at once; rows whose version moved are left alone.
// Parameters: rows (list of {id, expected, props}). Columns: id (one row per request written).
UNWIND $rows AS row
MATCH (r:Request {id: row.id})
WHERE r.version = row.expected
SET r = row.props
RETURN r.id AS id
