// Forget change-log entries up to a version (readers further behind reload the network).
// Parameters: version (int). Columns: pruned (int).
MATCH (c:Change)
WHERE c.version <= $version
DELETE c
RETURN count(*) AS pruned
