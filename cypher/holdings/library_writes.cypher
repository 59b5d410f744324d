// Who wrote a library's holdings, newest first.
// Parameters: libid, limit (int). Columns: props (map: at, role, token_id?, deleted, written).
MATCH (:Library {libid: $libid})-[:HOLDINGS_WRITTEN]->(w:HoldingsWrite)
RETURN properties(w) AS props
ORDER BY w.at DESC
LIMIT $limit
