// Every routing-table entry, do-not-route entry and manual-map row.
// Parameters: none. Columns: libid, kind (ROUTES_TO|DO_NOT_ROUTE|MANUAL), target (LIBID or group code), cell, position, row.
MATCH (b:Library)-[r:ROUTES_TO|DO_NOT_ROUTE|MANUAL]->(t)
RETURN b.libid AS libid, type(r) AS kind, coalesce(t.libid, t.code) AS target,
       r.cell AS cell, r.position AS position, r.row AS row
