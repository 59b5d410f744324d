// Routing-table entries that name a library.
// Parameters: rows (list of {libid, entry, cell, position}). Columns: none.
UNWIND $rows AS r
MATCH (b:Library {libid: r.libid})
MATCH (t:Library {libid: r.entry})
CREATE (b)-[:ROUTES_TO {cell: r.cell, position: r.position}]->(t)
