// update.cypher for many requests at once; rows whose version moved are left alone.
// Parameters: rows (list of {id, expected, props}). Columns: id (one row per request
// written), events_before (how many history events it had before this write).
UNWIND $rows AS row
MATCH (r:Request {id: row.id})
WHERE r.version = row.expected
WITH r, row, size(r.ev_at) AS events_before
SET r = row.props
RETURN r.id AS id, events_before
