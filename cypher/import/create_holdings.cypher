// Bulk load into an EMPTY database only: create holdings (CREATE, no MERGE), grouped by
// library, each holding a list rather than a map (maps cost far more to send over Bolt).
// Parameters: rows (list of [libid, holdings]); each holding a list
//   [nlm_uid, format, bv, ev, by, ey, currently_received, embargo_months, last_modified,
//    retention_policy, limited_retention_period, limited_retention_type,
//    has_epub_ahead_of_print, has_supplements, ignore_warnings, embargo_years,
//    issns_as_written] without nulls.
// Columns: none.
UNWIND $rows AS lib
MATCH (l:Library {libid: lib[0]})
UNWIND lib[1] AS r
MATCH (s:Serial {nlm_uid: r[0]})
CREATE (l)-[h:HOLDS]->(s)
SET h.format = r[1], h.bv = r[2], h.ev = r[3], h.by = r[4], h.ey = r[5],
    h.currently_received = r[6], h.embargo_months = r[7], h.last_modified = r[8],
    h.retention_policy = r[9], h.limited_retention_period = r[10],
    h.limited_retention_type = r[11], h.has_epub_ahead_of_print = r[12],
    h.has_supplements = r[13], h.ignore_warnings = r[14], h.embargo_years = r[15],
    h.issns_as_written = r[16]
