// Store one API token by the hash of its secret (the secret itself is never stored).
// Parameters: props (map: hash, role, created, and region and/or libid when scoped).
// Columns: none.
CREATE (t:Token)
SET t = $props
