// The holdings of some libraries, grouped by library: the whole network is read page by page
// (read in one query, the grouping exceeds ArcadeDB's 1 GB query heap budget at national
// scale). Parameters: libids (list of LIBIDs).
// Columns: libid, holdings (list of [nlm_uid, *records.HOLDING_COLUMNS]).
UNWIND $libids AS libid
MATCH (l:Library {libid: libid})-[h:HOLDS]->(s:Serial)
RETURN libid,
       collect([s.nlm_uid, h.format, h.bv, h.ev, h.by, h.ey, h.currently_received,
                h.embargo_months, h.last_modified, h.retention_policy,
                h.limited_retention_period, h.limited_retention_type,
                h.has_epub_ahead_of_print, h.has_supplements, h.ignore_warnings,
                h.embargo_years, h.issns_as_written]) AS holdings
