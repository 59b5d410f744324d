// Make sure the HOLDS and IDENTIFIES relationship types exist (ArcadeDB's batch endpoint
// needs its types created first): create one of each on a probe node and delete them all.
// Parameters: none. Columns: none.
MERGE (m:Meta {name: "bulk-load-probe"})
CREATE (m)-[:HOLDS]->(m)
CREATE (m)-[:IDENTIFIES]->(m)
WITH m
DETACH DELETE m
