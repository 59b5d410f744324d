// Remove every holding of a library (before its holdings are replaced).
// Parameters: libid. Columns: deleted (int).
MATCH (l:Library {libid: $libid})-[h:HOLDS]->(:Serial)
DELETE h
RETURN count(h) AS deleted
