// Remove some holdings by library, title and format (undoing an import that created them).
// Parameters: rows (list of {libid, nlm_uid, format}). Columns: none.
UNWIND $rows AS r
MATCH (:Library {libid: r.libid})-[h:HOLDS {format: r.format}]->(:Serial {nlm_uid: r.nlm_uid})
DELETE h
