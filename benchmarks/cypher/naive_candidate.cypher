// Naive baseline: one candidate library and its holdings of one title.
// Parameters: libid, nlm_uid. Columns: props (map), holdings (list of maps).
MATCH (l:Library {libid: $libid})
OPTIONAL MATCH (l)-[h:HOLDS]->(:Serial {nlm_uid: $nlm_uid})
RETURN properties(l) AS props, collect(properties(h)) AS holdings
