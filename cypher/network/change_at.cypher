// The change-log entry of one version (what that version's write changed).
// Parameters: version (int). Columns: kind, libids, nlm_uids, groups (all null when there is none).
OPTIONAL MATCH (c:Change {version: $version})
RETURN c.kind AS kind, c.libids AS libids, c.nlm_uids AS nlm_uids, c.groups AS groups
