// Remove libraries' routing tables, do-not-route lists and manual maps (before they are replaced).
// Parameters: rows (list of {libid}). Columns: none.
UNWIND $rows AS r
MATCH (b:Library {libid: r.libid})-[l:ROUTES_TO|DO_NOT_ROUTE|MANUAL]->()
DELETE l
