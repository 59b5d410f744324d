// How many nodes carry each label (every label of the database, tokens and requests included).
// Parameters: none. Columns: label (string), nodes (int).
MATCH (n)
UNWIND labels(n) AS label
RETURN label, count(*) AS nodes
ORDER BY label
