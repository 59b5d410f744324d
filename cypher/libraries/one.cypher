// One library with its groups and holdings count.
// Parameters: libid. Columns: props (map), groups (list of codes), holdings (int).
MATCH (l:Library {libid: $libid})
OPTIONAL MATCH (l)-[:MEMBER_OF]->(g:Group)
WITH l, collect(g.code) AS groups
OPTIONAL MATCH (l)-[h:HOLDS]->(:Serial)
RETURN properties(l) AS props, groups, count(h) AS holdings
