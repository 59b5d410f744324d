// The routing-table entries, do-not-route entries and manual-map rows of some borrowers.
// Parameters: libids (list). Columns: libid, kind (ROUTES_TO|DO_NOT_ROUTE|MANUAL), target (LIBID or group code), cell, position, row.
MATCH (b:Library)-[r:ROUTES_TO|DO_NOT_ROUTE|MANUAL]->(t)
WHERE b.libid IN $libids
RETURN b.libid AS libid, type(r) AS kind, coalesce(t.libid, t.code) AS target,
       r.cell AS cell, r.position AS position, r.row AS row
