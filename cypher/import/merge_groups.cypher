// Create or update groups and replace their membership.
// Parameters: rows (list of {code, props, members}). Columns: none.
UNWIND $rows AS r
MERGE (g:Group {code: r.code})
SET g = r.props
WITH g, r
OPTIONAL MATCH (:Library)-[old:MEMBER_OF]->(g)
DELETE old
WITH DISTINCT g, r
UNWIND r.members AS libid
MATCH (l:Library {libid: libid})
MERGE (l)-[:MEMBER_OF]->(g)
