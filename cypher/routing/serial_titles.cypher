// Every serial's title, to build the normalised title index (graphsvc.io.citations.title_index).
// Parameters: none. Columns: nlm_uid, title.
MATCH (s:Serial)
RETURN s.nlm_uid AS nlm_uid, s.title AS title
