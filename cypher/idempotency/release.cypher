// Give up an unanswered claim (the work failed without an answer worth repeating), so a
// retry with the same key runs again. Parameters: key, claim. Columns: none.
MATCH (k:IdempotencyKey {key: $key, claim: $claim})
WHERE k.status IS NULL
DELETE k
