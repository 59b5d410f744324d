// Requests with history inside a window: created before $to, last event at or after $from.
// Parameters: from, to (UTC ISO text or null for no bound). Columns: props (map).
MATCH (r:Request)
WHERE ($to IS NULL OR r.created_at < $to)
  AND ($from IS NULL OR r.updated_at >= $from)
RETURN properties(r) AS props
ORDER BY r.id
