// Every holding, flattened.
// Parameters: none. Columns: libid, nlm_uid, props (map of the HOLDS relationship).
MATCH (l:Library)-[h:HOLDS]->(s:Serial)
RETURN l.libid AS libid, s.nlm_uid AS nlm_uid, properties(h) AS props
