// Bump the network version (in the same transaction as the write it marks).
// Parameters: none. Columns: version (int).
MERGE (m:Meta {name: "network"})
SET m.version = coalesce(m.version, 0) + 1
RETURN m.version AS version
