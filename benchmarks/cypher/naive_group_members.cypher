// Naive baseline: a group's members.
// Parameters: code. Columns: members (list of LIBIDs).
MATCH (g:Group {code: $code})
OPTIONAL MATCH (m:Library)-[:MEMBER_OF]->(g)
RETURN collect(m.libid) AS members
