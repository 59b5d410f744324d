// Everything one routing request needs, in one round trip: the borrower, its routing table,
// do-not-route list and manual map (groups with their members), the title and the title it
// continues or is continued by, every holder of those, the NLM library and any extra library
// (the direct-to lender), and the network version they were read at.
// Parameters: borrower (LIBID), nlm_uid (or null), extra (list of LIBIDs).
// Columns: borrower (map or null), links (list of {kind, target, cell, position, row}),
//   memberships (list of {group, name, kind, serves_states, member}), serials (list of maps),
//   holdings (list of {libid, nlm_uid, props}), libraries (list of maps), version (int or null).
OPTIONAL MATCH (b:Library {libid: $borrower})
CALL (b) {
  OPTIONAL MATCH (b)-[r:ROUTES_TO|DO_NOT_ROUTE|MANUAL]->(t)
  RETURN collect({kind: type(r), target: coalesce(t.libid, t.code), cell: r.cell,
                  position: r.position, row: r.row}) AS links,
         collect(DISTINCT CASE WHEN t.libid IS NOT NULL THEN properties(t) END) AS linked
}
CALL (b) {
  OPTIONAL MATCH (b)-[:ROUTES_TO]->(g:Group)<-[:MEMBER_OF]-(m:Library)
  RETURN collect({group: g.code, name: g.name, kind: g.kind, serves_states: g.serves_states,
                  member: m.libid}) AS memberships,
         collect(DISTINCT properties(m)) AS members
}
CALL () {
  OPTIONAL MATCH (s:Serial {nlm_uid: $nlm_uid})
  OPTIONAL MATCH (s)-[:CONTINUES]-(rel:Serial)
  WITH s, collect(rel) AS related
  WITH [x IN [s] + related WHERE x IS NOT NULL] AS titles
  UNWIND (CASE WHEN size(titles) = 0 THEN [null] ELSE titles END) AS t
  OPTIONAL MATCH (t)<-[h:HOLDS]-(l:Library)
  RETURN collect(DISTINCT properties(t)) AS serials,
         collect({libid: l.libid, nlm_uid: t.nlm_uid, props: properties(h)}) AS holdings,
         collect(DISTINCT properties(l)) AS holders
}
CALL () {
  OPTIONAL MATCH (x:Library)
  WHERE x.type = "NLM" OR x.libid IN $extra
  RETURN collect(properties(x)) AS extras
}
CALL () {
  OPTIONAL MATCH (meta:Meta {name: "network"})
  RETURN meta.version AS version
}
RETURN properties(b) AS borrower, links, memberships, serials, holdings,
       linked + members + holders + extras AS libraries, version
