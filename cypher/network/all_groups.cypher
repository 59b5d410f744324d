// Every group with its members.
// Parameters: none. Columns: props (map), members (list of LIBIDs).
MATCH (g:Group)
OPTIONAL MATCH (l:Library)-[:MEMBER_OF]->(g)
RETURN properties(g) AS props, collect(l.libid) AS members
ORDER BY props.code
