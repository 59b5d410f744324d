// An import states each serial's title changes: remove a CONTINUES link touching a serial of
// the rows that neither end states any more (later.continues, earlier.continued_by); run
// after import/merge_serials.
// Parameters: rows (list of {nlm_uid, props, issns}). Columns: none.
UNWIND $rows AS r
MATCH (:Serial {nlm_uid: r.nlm_uid})-[link:CONTINUES]-(:Serial)
WITH DISTINCT link
WITH link, startNode(link) AS later, endNode(link) AS earlier
WHERE coalesce(later.continues, "") <> earlier.nlm_uid
  AND coalesce(earlier.continued_by, "") <> later.nlm_uid
DELETE link
