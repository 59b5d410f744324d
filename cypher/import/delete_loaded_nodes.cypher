// A batch of the nodes a failed bulk load wrote, with their remaining relationships.
// Parameters: labels (list of the labels no node had before the load), batch (int).
// Columns: deleted (int).
MATCH (n)
WHERE any(label IN labels(n) WHERE label IN $labels)
WITH n LIMIT $batch
DETACH DELETE n
RETURN count(*) AS deleted
