// Delete up to `limit` Idempotency-Key records claimed before `before` (UTC ISO text, the
// form of claimed_at). Parameters: before, limit. Columns: deleted (how many).
MATCH (k:IdempotencyKey)
WHERE k.claimed_at < $before
WITH k LIMIT $limit
DELETE k
RETURN count(*) AS deleted
