// The network version, bumped by every write.
// Parameters: none. Columns: version (int, null before the first write).
OPTIONAL MATCH (m:Meta {name: "network"})
RETURN m.version AS version
