"""Holdings left on titles that changed: the coordinator's title-change report (H9).

DOCLINE's Title Change program creates holdings for the continuing title and asks libraries
to close the old ones. This report lists holdings on a title that has a successor
(``continued_by``) and that still look current: an open-ended range, or marked currently
received, or no holding of the successor at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from graphsvc.network import holders_of, holdings_of, serials


@dataclass(frozen=True)
class TitleChangeFinding:
    libid: str
    nlm_uid: str
    title: str
    successor: str
    successor_title: str
    format: str
    problems: tuple[str, ...]


def _problems(G: nx.MultiDiGraph, holding, successor: str) -> tuple[str, ...]:
    found = []
    if any(r.end_year is None and r.end_volume is None and not r.is_level_2
           for r in holding.ranges):
        found.append("OPEN_ENDED")
    if holding.currently_received:
        found.append("CURRENTLY_RECEIVED")
    if not any(h.nlm_uid == successor for h in holdings_of(G, holding.libid)):
        found.append("NO_SUCCESSOR_HOLDING")
    return tuple(found)


def title_change_report(G: nx.MultiDiGraph, *, libid: str | None = None
                        ) -> list[TitleChangeFinding]:
    """Holdings on ceased titles with a successor that a library should update.

    Examples
    --------
    >>> from graphsvc.model import Holding, Library, Network, Range, Serial
    >>> from graphsvc.network import build_network
    >>> G = build_network(Network(
    ...     libraries=(Library("ORUPAC", "Pacific"),),
    ...     serials=(Serial("1", "Old title", continued_by="2"), Serial("2", "New title")),
    ...     holdings=(Holding("ORUPAC", "1", ranges=(Range("1", None, 1988, None),)),)))
    >>> [(f.libid, f.successor, f.problems) for f in title_change_report(G)]
    [('ORUPAC', '2', ('OPEN_ENDED', 'NO_SUCCESSOR_HOLDING'))]
    """
    findings = []
    for uid in serials(G):
        successor = G.nodes[uid].get("continued_by")
        if not successor:
            continue
        successor_title = G.nodes[successor]["title"] if successor in G else ""
        for holding in holders_of(G, uid):
            if libid is not None and holding.libid != libid:
                continue
            problems = _problems(G, holding, successor)
            if problems:
                findings.append(TitleChangeFinding(
                    holding.libid, uid, G.nodes[uid]["title"], successor, successor_title,
                    holding.format, problems))
    return sorted(findings, key=lambda f: (f.libid, f.nlm_uid, f.format))
