// Bump the network version and log what the write changed, in the write's own transaction.
// Parameters: kind (LIBRARY|HOLDINGS|ROUTING_TABLE|GROUP|SERIALS|FULL), libids, nlm_uids,
// groups (lists of strings). Columns: version (int, the new network version).
MERGE (m:Meta {name: "network"})
SET m.version = coalesce(m.version, 0) + 1
CREATE (c:Change {version: m.version, kind: $kind, libids: $libids, nlm_uids: $nlm_uids,
                  groups: $groups})
RETURN m.version AS version
