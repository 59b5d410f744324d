// Naive baseline: the serial an ISSN names.
// Parameters: issn (normalised, with hyphen). Columns: nlm_uid.
MATCH (:Issn {code: $issn})-[:IDENTIFIES]->(s:Serial)
RETURN s.nlm_uid AS nlm_uid
