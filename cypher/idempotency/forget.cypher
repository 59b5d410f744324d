// Forget one Idempotency-Key record that has expired or whose attempt was abandoned, only if
// it is still the claim that was found (two retries at once forget it once). Parameters:
// key, claim. Columns: none.
MATCH (k:IdempotencyKey {key: $key, claim: $claim})
DELETE k
