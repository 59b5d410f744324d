// Every serial's properties.
// Parameters: none. Columns: props (map).
MATCH (s:Serial)
RETURN properties(s) AS props
ORDER BY s.nlm_uid
