// Index of Request.created_at (queues are read newest first). Parameters: none. Columns: none.
CREATE INDEX request_created_at IF NOT EXISTS FOR (n:Request) ON (n.created_at)
