// Create request feed events. Parameters: rows (list of maps: seq, request_id, type, at,
// borrower, status, parties (list of LIBIDs), libid?, via?, reason?). Columns: none.
UNWIND $rows AS row
CREATE (e:RequestEvent)
SET e = row
