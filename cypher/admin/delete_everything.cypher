// Delete every node and relationship (tests and `graphsvc db reset` only).
// Parameters: none. Columns: none.
MATCH (n)
DETACH DELETE n
