// Every holding, grouped by library (one row a library: far faster to read than a row a
// holding, and no properties() map to build on the server).
// Parameters: none.
// Columns: libid, holdings (list of [nlm_uid, format, bv, ev, by, ey, currently_received,
//   embargo_months, last_modified, retention_policy, limited_retention_period,
//   limited_retention_type, has_epub_ahead_of_print, has_supplements, ignore_warnings,
//   embargo_years, issns_as_written]).
MATCH (l:Library)-[h:HOLDS]->(s:Serial)
RETURN l.libid AS libid,
       collect([s.nlm_uid, h.format, h.bv, h.ev, h.by, h.ey, h.currently_received,
                h.embargo_months, h.last_modified, h.retention_policy,
                h.limited_retention_period, h.limited_retention_type,
                h.has_epub_ahead_of_print, h.has_supplements, h.ignore_warnings,
                h.embargo_years, h.issns_as_written]) AS holdings
