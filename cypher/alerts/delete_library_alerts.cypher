// Remove a library's alert settings (before they are replaced, or to stop alerts).
// Parameters: libid. Columns: deleted (int).
MATCH (:Library {libid: $libid})-[:ALERTS_TO]->(a:AlertSettings)
DETACH DELETE a
RETURN count(a) AS deleted
