// Every library's properties.
// Parameters: none. Columns: props (map).
MATCH (l:Library)
RETURN properties(l) AS props
ORDER BY l.libid
