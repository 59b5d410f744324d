// Reserve $count numbers of the request event feed (in the transaction writing the events, so
// numbers are committed in order). Parameters: count (int). Columns: last (the last reserved).
MERGE (m:Meta {name: "request_events"})
SET m.last = coalesce(m.last, 0) + $count
RETURN m.last AS last
