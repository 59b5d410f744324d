// Every serial's title and abbreviations, to build the normalised title and abbreviation
// indexes (graphsvc.io.citations.title_index).
// Parameters: none. Columns: nlm_uid, title, med_abbr, iso_abbr (strings, may be null).
MATCH (s:Serial)
RETURN s.nlm_uid AS nlm_uid, s.title AS title, s.med_abbr AS med_abbr, s.iso_abbr AS iso_abbr
