// A batch of the holdings a failed bulk load wrote (into an empty database: every holding).
// Parameters: batch (int). Columns: deleted (int).
MATCH (:Library)-[h:HOLDS]->(:Serial)
WITH h LIMIT $batch
DELETE h
RETURN count(*) AS deleted
