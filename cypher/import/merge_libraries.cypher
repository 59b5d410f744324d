// Create or update libraries (all properties replaced) and link each to its state.
// Parameters: rows (list of {libid, state, props}). Columns: none.
UNWIND $rows AS r
MERGE (l:Library {libid: r.libid})
SET l = r.props
WITH l, r
OPTIONAL MATCH (l)-[old:IN_STATE]->(:State)
DELETE old
WITH DISTINCT l, r
MERGE (s:State {code: r.state})
MERGE (l)-[:IN_STATE]->(s)
