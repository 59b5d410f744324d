// How many requests reached each library at or after $since (the ROUTED_TO relationships).
// Parameters: since (UTC ISO text). Columns: libid, requests (int).
MATCH (:Request)-[e:ROUTED_TO]->(l:Library)
WHERE e.routed_at >= $since
RETURN l.libid AS libid, count(e) AS requests
ORDER BY libid
