// Naive baseline: every library holding a title (the All Other Libraries stage).
// Parameters: nlm_uid. Columns: libid.
MATCH (l:Library)-[:HOLDS]->(:Serial {nlm_uid: $nlm_uid})
RETURN DISTINCT l.libid AS libid
