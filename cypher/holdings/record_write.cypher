// Record who replaced a library's holdings (one audit node per write, in the write's
// transaction). Parameters: libid, props (map: at, role, token_id?, deleted, written).
// Columns: none.
MATCH (l:Library {libid: $libid})
CREATE (l)-[:HOLDINGS_WRITTEN]->(w:HoldingsWrite)
SET w = $props
