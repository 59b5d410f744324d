// The serials each of these ISSNs already identifies (several when titles share one).
// Parameters: codes (list of normalised ISSNs, e.g. "0028-4793"). Columns: issn (string),
// props (map: the serial's properties).
UNWIND $codes AS code
MATCH (:Issn {code: code})-[:IDENTIFIES]->(s:Serial)
RETURN code AS issn, properties(s) AS props
