// Claim an Idempotency-Key, or find who holds it. Parameters: key (caller and key),
// fingerprint (hash of the method, path and body), claim (a random id of this attempt),
// at (UTC ISO text). Columns: props (map: key, fingerprint, claim, claimed_at, and once
// answered status, body, content_type).
MERGE (k:IdempotencyKey {key: $key})
ON CREATE SET k.fingerprint = $fingerprint, k.claim = $claim, k.claimed_at = $at
RETURN properties(k) AS props
