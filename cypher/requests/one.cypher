// One request's properties.
// Parameters: id. Columns: props (map).
MATCH (r:Request {id: $id})
RETURN properties(r) AS props
