// One Idempotency-Key record. Parameters: key. Columns: props (map, as in claim.cypher).
MATCH (k:IdempotencyKey {key: $key})
RETURN properties(k) AS props
