// Mark one token revoked (the first revocation instant is kept).
// Parameters: hash (hex sha256), at (ISO 8601 instant). Columns: revoked (string).
MATCH (t:Token {hash: $hash})
SET t.revoked = coalesce(t.revoked, $at)
RETURN t.revoked AS revoked
