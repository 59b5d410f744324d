// Store a library's rush-alert settings (email, webhook URL and its signing secret).
// Parameters: libid, props (map: email?, webhook_url?, secret?, updated).
// Columns: libid (string; no row when the library is unknown).
MATCH (l:Library {libid: $libid})
CREATE (l)-[:ALERTS_TO]->(a:AlertSettings)
SET a = $props
RETURN l.libid AS libid
