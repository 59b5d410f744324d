// One library's holdings with their titles.
// Parameters: libid. Columns: nlm_uid, props (map of HOLDS), serial (map).
MATCH (l:Library {libid: $libid})-[h:HOLDS]->(s:Serial)
RETURN s.nlm_uid AS nlm_uid, properties(h) AS props, properties(s) AS serial
ORDER BY s.title, h.format, s.nlm_uid
