// Index on Library.type (finds the NLM library). Parameters: none. Columns: none.
CREATE INDEX library_type IF NOT EXISTS FOR (n:Library) ON (n.type)
