// The keys already stored, for checking references of a bundle that extends the network.
// Parameters: none. Columns: libids, groups, serials (lists of strings).
CALL () { MATCH (l:Library) RETURN collect(l.libid) AS libids }
CALL () { MATCH (g:Group) RETURN collect(g.code) AS groups }
CALL () { MATCH (s:Serial) RETURN collect(s.nlm_uid) AS serials }
RETURN libids, groups, serials
