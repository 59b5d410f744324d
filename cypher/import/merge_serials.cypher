// Create or update serials and their ISSN index nodes.
// Parameters: rows (list of {nlm_uid, props, issns}). Columns: none.
UNWIND $rows AS r
MERGE (s:Serial {nlm_uid: r.nlm_uid})
SET s = r.props
WITH s, r
UNWIND r.issns AS code
MERGE (i:Issn {code: code})
MERGE (i)-[:IDENTIFIES]->(s)
