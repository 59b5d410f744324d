// Libraries, filtered; a null filter matches everything.
// Parameters: state, states (list or null, the states of a region), type, group.
// Columns: props (map), groups (list of group codes).
MATCH (l:Library)
WHERE ($state IS NULL OR l.state = $state)
  AND ($states IS NULL OR l.state IN $states)
  AND ($type IS NULL OR l.type = $type)
OPTIONAL MATCH (l)-[:MEMBER_OF]->(g:Group)
WITH l, collect(g.code) AS groups
WHERE $group IS NULL OR $group IN groups
RETURN properties(l) AS props, groups
ORDER BY l.libid
