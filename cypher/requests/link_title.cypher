// Link requests to the serials they ask for, when those serials are stored.
// Parameters: rows (list of {id (request id), nlm_uid}). Columns: id (one row per link).
UNWIND $rows AS row
MATCH (r:Request {id: row.id})
MATCH (s:Serial {nlm_uid: row.nlm_uid})
MERGE (r)-[:FOR_TITLE]->(s)
RETURN r.id AS id
