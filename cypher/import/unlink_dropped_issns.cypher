// An import states each serial's ISSNs: remove the ISSN links its row no longer names, and
// the ISSN nodes left identifying no serial (run before import/merge_serials).
// Parameters: rows (list of {nlm_uid, props, issns}). Columns: none.
UNWIND $rows AS r
MATCH (i:Issn)-[link:IDENTIFIES]->(:Serial {nlm_uid: r.nlm_uid})
WHERE NOT i.code IN r.issns
DELETE link
WITH DISTINCT i
OPTIONAL MATCH (i)-[still:IDENTIFIES]->(:Serial)
WITH i, count(still) AS serials
WHERE serials = 0
DELETE i
