// Request feed events after a position, in order, for the given parties (null: everyone's).
// Parameters: since (int, the last seq seen; 0 for the start), libids (list or null),
// limit (int). Columns: props (map of the event's properties).
MATCH (e:RequestEvent)
WHERE e.seq > $since
  AND ($libids IS NULL OR any(x IN e.parties WHERE x IN $libids))
RETURN properties(e) AS props
ORDER BY e.seq
LIMIT $limit
