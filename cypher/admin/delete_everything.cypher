// Delete every node and relationship but the version counter (tests and `graphsvc db reset`).
// The version is bumped afterwards, so no cached graph of the old network is ever reused.
// Parameters: none. Columns: none.
MATCH (n)
WHERE NOT n:Meta
DETACH DELETE n
