// The database's id of every library and serial (RIDs on ArcadeDB), for the bulk load.
// Parameters: none. Columns: kind ("library" or "serial"), key (LIBID or NLM Unique ID), id.
MATCH (l:Library)
RETURN "library" AS kind, l.libid AS key, elementId(l) AS id
UNION ALL
MATCH (s:Serial)
RETURN "serial" AS kind, s.nlm_uid AS key, elementId(s) AS id
