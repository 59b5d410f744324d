// Naive baseline: the borrower's do-not-route list.
// Parameters: libid. Columns: blocked (list of LIBIDs).
MATCH (b:Library {libid: $libid})
OPTIONAL MATCH (b)-[:DO_NOT_ROUTE]->(t:Library)
RETURN collect(t.libid) AS blocked
