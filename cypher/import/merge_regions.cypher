// Create or update regions and attach their states.
// Parameters: rows (list of {code, props, states}). Columns: none.
UNWIND $rows AS r
MERGE (g:Region {code: r.code})
SET g = r.props
WITH g, r
UNWIND r.states AS code
MERGE (s:State {code: code})
WITH g, s
OPTIONAL MATCH (s)-[old:IN_REGION]->(other:Region) WHERE other.code <> g.code
DELETE old
MERGE (s)-[:IN_REGION]->(g)
