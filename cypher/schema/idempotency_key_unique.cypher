// Uniqueness of IdempotencyKey.key (one answer per caller and key). Parameters: none. Columns: none.
CREATE CONSTRAINT idempotency_key IF NOT EXISTS FOR (n:IdempotencyKey) REQUIRE n.key IS UNIQUE
