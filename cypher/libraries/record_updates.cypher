// The day each library's record was last written (the plan's yearly institution-record review).
// Parameters: none. Columns: libid (string), updated (ISO date string, or null when unknown).
MATCH (l:Library)
RETURN l.libid AS libid, l.record_updated AS updated
ORDER BY libid
