// The NLM Unique ID of the serial an ISSN identifies.
// Parameters: issn (normalised, e.g. "0028-4793"). Columns: nlm_uid.
MATCH (:Issn {code: $issn})-[:IDENTIFIES]->(s:Serial)
RETURN s.nlm_uid AS nlm_uid
