// Every region with its states.
// Parameters: none. Columns: code, name, rml, states (list of state codes).
MATCH (g:Region)
OPTIONAL MATCH (s:State)-[:IN_REGION]->(g)
RETURN g.code AS code, g.name AS name, g.rml AS rml, collect(s.code) AS states
ORDER BY code
