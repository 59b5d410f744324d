// Some libraries' properties.
// Parameters: libids (list of LIBIDs). Columns: props (map).
MATCH (l:Library)
WHERE l.libid IN $libids
RETURN properties(l) AS props
ORDER BY l.libid
