"""Which serial a citation names, and who holds it (title changes included, H9)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Set as AbstractSet

import networkx as nx

from graphsvc.derived import derived
from graphsvc.errors import NotFound
from graphsvc.model import Citation, Holding
from graphsvc.network import holdings_table, node_kind, serials
from graphsvc.routing.matching import HoldingsCheck, HoldingsMatch, as_match, title_match


def normalise_issn(issn: str) -> str:
    """An ISSN in comparable form: upper case, no hyphen or spaces.

    >>> normalise_issn(" 0028-4793 "), normalise_issn("1234-567x")
    ('00284793', '1234567X')
    """
    return issn.strip().replace("-", "").replace(" ", "").upper()


def issn_index(G: nx.MultiDiGraph) -> dict[str, str]:
    """Normalised ISSN -> NLM Unique ID, built once per graph (:func:`graphsvc.derived.derived`).

    The first serial (in node order) wins an ISSN that several titles share. It depends only on
    the serials: a graph whose serials are versioned apart (``G.graph["serials_version"]``)
    keeps it over network versions that changed no serial.
    """
    return derived(G, "issn_index", _build_issn_index, depends_on="serials_version")


def _build_issn_index(G: nx.MultiDiGraph) -> dict[str, str]:
    index: dict[str, str] = {}
    for uid in serials(G):
        for issn in G.nodes[uid].get("issns") or ():
            index.setdefault(normalise_issn(issn), uid)
    return index


def resolve_title(G: nx.MultiDiGraph, citation: Citation) -> str:
    """The NLM Unique ID of the serial a citation names.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network graph (or a request's neighbourhood).
    citation : Citation
        Names the title by ``nlm_uid`` or by ``issn`` (any of the serial's ISSNs,
        hyphen optional, case ignored).

    Returns
    -------
    str
        The ``nlm_uid`` of the serial node.

    Raises
    ------
    NotFound
        Neither the NLM Unique ID nor the ISSN names a serial in ``G``.

    Examples
    --------
    >>> from graphsvc.model import Network, Serial
    >>> from graphsvc.network import build_network
    >>> G = build_network(Network(serials=(Serial("0255562", "NEJM", ("0028-4793",)),)))
    >>> resolve_title(G, Citation(issn="00284793"))
    '0255562'
    """
    found = find_title(G, citation)
    if found is None:
        msg = f"Unknown title (nlm_uid={citation.nlm_uid!r}, issn={citation.issn!r})"
        raise NotFound(msg, problems=unknown_title_problems(citation))
    return found


def find_title(G: nx.MultiDiGraph, citation: Citation) -> str | None:
    """:func:`resolve_title`, or ``None`` when the citation names no serial of ``G``."""
    if citation.nlm_uid is not None and node_kind(G, citation.nlm_uid) == "serial":
        return citation.nlm_uid
    if citation.issn:
        return issn_index(G).get(normalise_issn(citation.issn))
    return None


def unknown_title_problems(citation: Citation) -> list[dict]:
    """A problem for each field by which the citation named a title the network lacks."""
    problems = []
    if citation.nlm_uid is not None:
        problems.append({"field": "citation.nlm_uid",
                         "message": f"No serial with NLM Unique ID {citation.nlm_uid!r}"})
    if citation.issn:
        problems.append({"field": "citation.issn",
                         "message": f"No serial with ISSN {citation.issn!r}"})
    if citation.title:
        problems.append({"field": "citation.title",
                         "message": f"No serial titled {citation.title!r}"})
    if citation.isbn:
        problems.append({"field": "citation.isbn",
                         "message": f"ISBN {citation.isbn} names a book, not a serial"})
    return problems or [{"field": "citation", "message": "The citation names no title"}]


def related_titles(G: nx.MultiDiGraph, nlm_uid: str) -> list[str]:
    """The serials this one continues or is continued by (one-to-one title changes, H9)."""
    data = G.nodes[nlm_uid]
    return [uid for uid in (data.get("continues"), data.get("continued_by"))
            if uid is not None and uid != nlm_uid and uid in G]


class TitleHoldings(Mapping[str, list[Holding]]):
    """LIBID -> holdings of a title and of its related titles, read from the graph's
    holdings table on demand.

    Membership and lookups cost one dictionary probe per title (the table remembers each
    title's holders), so routing a request never copies the list of holders; routing reads
    :meth:`match` (the holdings check over the table's columns), never a :class:`Holding`.
    """

    def __init__(self, G: nx.MultiDiGraph | None, nlm_uids: list[str]):
        table = holdings_table(G) if G is not None else None
        self._table = table
        self._by_title = [(uid, table.holders(uid)) for uid in nlm_uids if uid in G] \
            if table is not None else []
        #: The title and its holders when there is no related title (the usual case).
        self._only = self._by_title[0] if len(self._by_title) == 1 else (None, {})

    def __getitem__(self, libid: str) -> list[Holding]:
        table = self._table
        found = [table.holding(ref) for _, holders in self._by_title if libid in holders
                 for ref in table.refs_at(holders[libid])]
        if not found:
            raise KeyError(libid)
        return found

    def match(self, libid: str, title: str | None, check: HoldingsCheck) -> HoldingsMatch:
        """How one holder's holdings answer the request's citation (:func:`title_match`):
        straight from the table's columns, no :class:`Holding` made."""
        uid, holders = self._only
        where = holders.get(libid)
        if where is not None and uid == title:  # title_match's usual case, at once
            return as_match(self._table.check(((where, check.volume),), wanted=check.wanted,
                                              year=check.year, hidden=check.hidden))
        by_title = {uid: holders[libid] for uid, holders in self._by_title if libid in holders}
        return title_match(self._table, by_title, title, check)

    def __contains__(self, libid: object) -> bool:
        return any(libid in holders for _, holders in self._by_title)

    def __iter__(self) -> Iterator[str]:
        if len(self._by_title) == 1:
            return iter(self._by_title[0][1])
        return iter(dict.fromkeys(libid for _, holders in self._by_title for libid in holders))

    def __len__(self) -> int:
        if len(self._by_title) == 1:
            return len(self._by_title[0][1])
        return sum(1 for _ in self)

    def keys(self) -> AbstractSet[str]:  # type: ignore[override]
        """The holders as a set: a dictionary view when there is one title (fast ``&``)."""
        if len(self._by_title) == 1:
            return self._by_title[0][1].keys()
        return set().union(*(holders for _, holders in self._by_title))


#: The holdings of no title (routing that checks none).
NO_HOLDINGS = TitleHoldings(None, [])


def title_holdings(G: nx.MultiDiGraph, nlm_uid: str) -> TitleHoldings:
    """Every holding of a title or of its related titles, by LIBID.

    A holder of the title it continues (or that continues it) counts as a holder; its own
    ranges are still checked against the citation.

    >>> from graphsvc.model import Holding, Network, Serial
    >>> from graphsvc.network import build_network
    >>> G = build_network(Network(serials=(Serial("1", "A", continued_by="2"),
    ...                                    Serial("2", "B", continues="1")),
    ...                           holdings=(Holding("L1", "1"), Holding("L2", "2"))))
    >>> sorted(title_holdings(G, "2")), [h.nlm_uid for h in title_holdings(G, "2")["L1"]]
    (['L1', 'L2'], ['1'])
    """
    return TitleHoldings(G, [nlm_uid, *related_titles(G, nlm_uid)])
