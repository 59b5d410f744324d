// The token whose secret has this hash.
// Parameters: hash (hex sha256). Columns: props (map: hash, role, created, region?, libid?).
MATCH (t:Token {hash: $hash})
RETURN properties(t) AS props
