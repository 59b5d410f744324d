// Keep the answer of a claimed Idempotency-Key. Parameters: key, claim, status (int),
// body (text), content_type. Columns: key (no row when the claim is not this attempt's).
MATCH (k:IdempotencyKey {key: $key, claim: $claim})
SET k.status = $status, k.body = $body, k.content_type = $content_type
RETURN k.key AS key
