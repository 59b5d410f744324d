// One ROUTED_TO relationship per lender a request reached, keyed by its step in the sequence.
// Parameters: rows (list of {id, libid, step, props: {step, via, cell, routed_at,
//   received_at?, outcome?, reason?, at?}}). Columns: none.
UNWIND $rows AS row
MATCH (r:Request {id: row.id})
MATCH (l:Library {libid: row.libid})
MERGE (r)-[e:ROUTED_TO {step: row.step}]->(l)
SET e = row.props
