// LIBIDs of the libraries that registered rush alerts (an email or a webhook).
// Parameters: none. Columns: libid (string).
MATCH (l:Library)-[:ALERTS_TO]->(:AlertSettings)
RETURN DISTINCT l.libid AS libid
ORDER BY libid
