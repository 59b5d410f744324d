// Naive baseline: the borrower and its routing-table entries.
// Parameters: libid. Columns: props (map), routes (list of {cell, position, target, group}).
MATCH (b:Library {libid: $libid})
OPTIONAL MATCH (b)-[r:ROUTES_TO]->(t)
RETURN properties(b) AS props,
       collect({cell: r.cell, position: r.position, target: coalesce(t.libid, t.code),
                group: t.code IS NOT NULL}) AS routes
