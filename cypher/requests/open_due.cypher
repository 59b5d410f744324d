// Open requests whose current lender's deadline (due_at, UTC ISO text) is at or before $at.
// Parameters: at (UTC ISO text). Columns: props (map).
MATCH (r:Request)
WHERE r.status IN ["NEW", "RECEIVED"] AND r.due_at <= $at
RETURN properties(r) AS props
