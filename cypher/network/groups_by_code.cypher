// Some groups with their members.
// Parameters: codes (list). Columns: props (map), members (list of LIBIDs).
MATCH (g:Group)
WHERE g.code IN $codes
OPTIONAL MATCH (l:Library)-[:MEMBER_OF]->(g)
RETURN properties(g) AS props, collect(l.libid) AS members
ORDER BY props.code
