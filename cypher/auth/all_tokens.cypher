// Every API token record (hashes included: the caller shows only their first characters).
// Parameters: none. Columns: props (map: hash, role, created, region?, libid?, expires?,
// revoked?).
MATCH (t:Token)
RETURN properties(t) AS props
ORDER BY t.created, t.hash
