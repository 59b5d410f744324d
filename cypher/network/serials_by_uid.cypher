// Some serials' properties.
// Parameters: nlm_uids (list). Columns: props (map).
MATCH (s:Serial)
WHERE s.nlm_uid IN $nlm_uids
RETURN properties(s) AS props
