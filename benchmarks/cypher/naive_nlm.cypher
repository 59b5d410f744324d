// Naive baseline: the NLM library.
// Parameters: none. Columns: props (map).
MATCH (l:Library {type: "NLM"})
RETURN properties(l) AS props
