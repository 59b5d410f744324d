// A page of requests, newest first (created_at, then id, both descending).
// Parameters: libids (list of LIBIDs whose requests may be listed, null for all),
// borrower (LIBID or null), lender (LIBID or null: requests it holds now, or closed ones it
// was routed to), statuses (list or null), updated_since (UTC ISO text or null),
// before_created, before_id (the cursor's last row, or null), limit (int).
// Columns: props (map of the request's properties).
MATCH (r:Request)
WHERE ($libids IS NULL OR any(x IN r.parties WHERE x IN $libids))
  AND ($borrower IS NULL OR r.borrower = $borrower)
  AND ($lender IS NULL OR r.lender = $lender
       OR (NOT r.status IN ["NEW", "RECEIVED"] AND $lender IN r.reached))
  AND ($statuses IS NULL OR r.status IN $statuses)
  AND ($updated_since IS NULL OR r.updated_at >= $updated_since)
  AND ($before_created IS NULL OR r.created_at < $before_created
       OR (r.created_at = $before_created AND r.id < $before_id))
RETURN properties(r) AS props
ORDER BY r.created_at DESC, r.id DESC
LIMIT $limit
