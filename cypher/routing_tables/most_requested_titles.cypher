// A borrower's most requested titles, from the request history (empty when there is none).
// Assumes requests are stored as (:Request {borrower: LIBID})-[:FOR_TITLE]->(:Serial).
// Parameters: libid, limit (int). Columns: nlm_uid, requests (int).
MATCH (r:Request)-[:FOR_TITLE]->(s:Serial)
WHERE r.borrower = $libid
RETURN s.nlm_uid AS nlm_uid, count(r) AS requests
ORDER BY requests DESC, nlm_uid
LIMIT $limit
