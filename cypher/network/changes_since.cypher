// The change log after a version, oldest first (at most `limit` entries).
// Parameters: version (int), limit (int). Columns: version, kind, libids, nlm_uids, groups.
MATCH (c:Change)
WHERE c.version > $version
RETURN c.version AS version, c.kind AS kind, c.libids AS libids, c.nlm_uids AS nlm_uids,
       c.groups AS groups
ORDER BY version
LIMIT $limit
