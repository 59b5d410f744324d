// Create tracked requests, each linked to its borrower (version 1 is in props).
// Parameters: rows (list of {props (map of the request's properties), borrower (LIBID)}).
// Columns: id (one row per request created; none for a borrower that is not stored).
UNWIND $rows AS row
MATCH (b:Library {libid: row.borrower})
CREATE (r:Request)
SET r = row.props
CREATE (r)-[:BORROWED_BY]->(b)
RETURN r.id AS id
