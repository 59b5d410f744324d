// One library's holdings of some titles (a catch-up re-reads only the titles a holdings write
// changed). Parameters: libid, nlm_uids (list of NLM Unique IDs).
// Columns: holdings (list of [nlm_uid, *records.HOLDING_COLUMNS]).
MATCH (:Library {libid: $libid})-[h:HOLDS]->(s:Serial)
WHERE s.nlm_uid IN $nlm_uids
RETURN collect([s.nlm_uid, h.format, h.bv, h.ev, h.by, h.ey, h.currently_received,
                h.embargo_months, h.last_modified, h.retention_policy,
                h.limited_retention_period, h.limited_retention_type,
                h.has_epub_ahead_of_print, h.has_supplements, h.ignore_warnings,
                h.embargo_years, h.issns_as_written]) AS holdings
