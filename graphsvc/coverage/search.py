"""Finding a serial by what a person types: its NLM Unique ID, an ISSN, its MEDLINE or ISO
abbreviation, or words of its title or abbreviations."""

from __future__ import annotations

import re
from dataclasses import dataclass

import networkx as nx

from graphsvc.coverage.index import coverage_index

_ISSN = re.compile(r"^(\d{4})-?(\d{3}[\dXx])$")
_NOT_WORD = re.compile(r"[^\w\s]+")

# how a serial matched, best first
MATCHED_BY = ("NLM_UID", "ISSN", "ABBREVIATION", "TITLE", "WORDS")


@dataclass(frozen=True)
class SerialMatches:
    """One page of matches: ``total`` serials matched, ``serials`` from ``offset`` on."""

    total: int
    offset: int
    serials: tuple[dict, ...]


def _plain(text: str) -> str:
    """Lower case without punctuation, single spaces ("N. Engl. J. Med." -> "n engl j med")."""
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())


def _matched_by(uid: str, data: dict, wanted: str, plain: str, issn: str | None) -> str | None:
    if uid.lower() == wanted:
        return "NLM_UID"
    if issn is not None and issn in data.get("issns", ()):
        return "ISSN"
    abbreviations = [_plain(a) for a in (data.get("med_abbr"), data.get("iso_abbr")) if a]
    if plain in abbreviations:
        return "ABBREVIATION"
    title = _plain(data.get("title", ""))
    if plain == title:
        return "TITLE"
    text = " ".join([title, *abbreviations])
    return "WORDS" if all(word in text for word in plain.split()) else None


def find_serials(G: nx.MultiDiGraph, text: str, *, limit: int = 20,
                 offset: int = 0) -> SerialMatches:
    """Serials matching ``text``, ranked: an exact NLM Unique ID or ISSN, then an exact MEDLINE
    or ISO abbreviation, then an exact title, then titles and abbreviations holding every word
    (as word beginnings or inside words); within each, the titles with more holders (above
    Level 2) first, then by title.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network.
    text : str
        What was typed (case and punctuation do not matter).
    limit, offset : int, keyword-only
        The page: ``limit`` matches from the ``offset``-th.

    Returns
    -------
    SerialMatches
        Each match as ``{"nlm_uid", "title", "issns", "med_abbr", "iso_abbr", "holders",
        "matched_by"}``.

    Examples
    --------
    >>> from graphsvc.coverage.examples import three_library_network
    >>> G = three_library_network()
    >>> [m["nlm_uid"] for m in find_serials(G, "england MEDICINE").serials]
    ['0255562']
    >>> find_serials(G, "0255562").serials[0]["matched_by"], find_serials(G, "lancet").total
    ('NLM_UID', 0)
    """
    wanted = text.strip().lower()
    plain = _plain(wanted)
    if not plain:
        return SerialMatches(0, offset, ())
    found_issn = _ISSN.match(wanted)
    issn = f"{found_issn[1]}-{found_issn[2].upper()}" if found_issn else None
    titles = coverage_index(G).titles
    found = []
    for uid, data in G.nodes(data=True):
        if data.get("kind") != "serial":
            continue
        how = _matched_by(uid, data, wanted, plain, issn)
        if how is not None:
            holders = len(titles[uid].holder_codes) if uid in titles else 0
            found.append((MATCHED_BY.index(how), -holders, data.get("title", ""), uid, how))
    found.sort()
    page = [{"nlm_uid": uid, "title": title, "issns": list(G.nodes[uid].get("issns", ())),
             "med_abbr": G.nodes[uid].get("med_abbr"), "iso_abbr": G.nodes[uid].get("iso_abbr"),
             "holders": -holders, "matched_by": how}
            for _, holders, title, uid, how in found[offset:offset + limit]]
    return SerialMatches(len(found), offset, tuple(page))
