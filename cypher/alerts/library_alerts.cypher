// A library's rush-alert settings.
// Parameters: libid. Columns: props (map: email?, webhook_url?, secret?, updated).
MATCH (:Library {libid: $libid})-[:ALERTS_TO]->(a:AlertSettings)
RETURN properties(a) AS props
