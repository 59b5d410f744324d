// How many nodes carry each label and how many relationships have each type.
// Parameters: none. Columns: kind ("label" or "type"), name (string), count (int).
CALL () {
  MATCH (n) UNWIND labels(n) AS name RETURN "label" AS kind, name, count(*) AS count
  UNION ALL
  MATCH ()-[r]->() RETURN "type" AS kind, type(r) AS name, count(*) AS count
}
RETURN kind, name, count
