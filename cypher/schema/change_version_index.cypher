// Index on Change.version (the change log is read and pruned by version). Parameters: none. Columns: none.
CREATE INDEX change_version IF NOT EXISTS FOR (n:Change) ON (n.version)
