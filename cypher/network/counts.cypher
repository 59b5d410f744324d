// How many of each kind the network holds.
// Parameters: none. Columns: libraries, groups, serials, holdings, regions (ints).
CALL () { MATCH (n:Library) RETURN count(n) AS libraries }
CALL () { MATCH (n:Group) RETURN count(n) AS groups }
CALL () { MATCH (n:Serial) RETURN count(n) AS serials }
CALL () { MATCH (:Library)-[h:HOLDS]->(:Serial) RETURN count(h) AS holdings }
CALL () { MATCH (n:Region) RETURN count(n) AS regions }
RETURN libraries, groups, serials, holdings, regions
