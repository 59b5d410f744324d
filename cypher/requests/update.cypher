// Replace a request's properties if nobody changed it since it was read (optimistic lock).
// Parameters: id, expected (the version read), props (new properties, version = expected + 1).
// Columns: id (no row when the version moved: a conflict, nothing written).
MATCH (r:Request {id: $id})
WHERE r.version = $expected
SET r = $props
RETURN r.id AS id
