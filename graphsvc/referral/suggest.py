"""Patron referral: at least three libraries to contact, each with its reasons (PNR plan, s. 5).

Which libraries
    Candidates are active FULL participants, not out of office at ``at``, whose ``serves``
    holds the patron's category. ``AFFILIATED`` in a library's ``serves`` means its own users,
    so an affiliated patron's other candidates are those serving unaffiliated health
    professionals; a patron's own library (``affiliation``) is suggested whatever it serves,
    when it is active.
    The strategies in :mod:`graphsvc.referral.strategies` each pick libraries for one reason;
    a library picked for several reasons carries them all. The list is then filled with the
    next nearest candidates (reason ``NEAREST``) up to ``limit`` (never below 3).

Order
    ``score = sum(weight of each reason) - log10(1 + distance_km)``, with weight 10 for
    AFFILIATION, 5 for NEAREST (the closest library), LARGE_COLLECTION, SUBJECT_EXPERTISE and
    CONSORTIUM, and 0 for a library added only to fill the list. The patron's own library comes
    first; then higher score, then shorter distance, then LIBID. No two points on Earth are more
    than 20,016 km apart, so the penalty stays below 4.31: a library with a reason always ranks
    above one that only fills the list, and ``limit`` cuts fillers first.

Outside every served area
    When no candidate lies within 500 km, or the patron's state has no active member, the
    patron's Regional Medical Library (``G.graph["regions"][code].rml``, the region from
    ``G.graph["state_region"]``) is added as a LARGE_COLLECTION, and the note says so.

Never a price, fee or service policy: the note says only that they vary.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache
from zoneinfo import ZoneInfo

import networkx as nx

from graphsvc.errors import InvalidInput
from graphsvc.referral import strategies
from graphsvc.referral.index import Entry, Nearby, referral_index
from graphsvc.referral.records import REASONS, Patron, Referral, Suggestion, check_patron
from graphsvc.referral.strategies import Ask, Pick
from graphsvc.referral.subjects import subject_for

MIN_SUGGESTIONS = 3
FAR_KM = 500.0
WEIGHTS = {"AFFILIATION": 10.0, "NEAREST": 5.0, "LARGE_COLLECTION": 5.0,
           "SUBJECT_EXPERTISE": 5.0, "CONSORTIUM": 5.0}
PRICES_VARY = "Prices and services vary: make arrangements with each library directly."


def refer(G: nx.MultiDiGraph, patron: Patron, *, limit: int = 5,
          at: dt.datetime | None = None) -> Referral:
    """Suggest libraries for a patron, at least three when the network has them.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network (see :mod:`graphsvc.network`).
    patron : Patron
        Where the patron is and what they are.
    limit : int
        Most suggestions to return; values below 3 count as 3.
    at : datetime, optional
        When asked: libraries out of office on that day (their time zone) are left out.

    Returns
    -------
    Referral
        Suggestions in the order of the module docstring, and a note.

    Raises
    ------
    NotFound
        The patron's affiliation (or named consortium) is not in the network.
    InvalidInput
        An impossible point, category, state or limit.

    Examples
    --------
    >>> from graphsvc.model import Library, Network
    >>> from graphsvc.network import build_network
    >>> UHP = ("UNAFFILIATED_HEALTH_PROFESSIONAL",)
    >>> G = build_network(Network(libraries=(
    ...     Library("ORHOSP", "Hospital", city="Portland", state="OR", lat=45.52, lon=-122.68,
    ...             serves=UHP),
    ...     Library("ORUNIV", "University", type="RESOURCE", city="Portland", state="OR",
    ...             lat=45.50, lon=-122.69, serves=UHP),
    ...     Library("WASEAT", "Seattle", city="Seattle", state="WA", lat=47.61, lon=-122.33,
    ...             serves=UHP))))
    >>> r = refer(G, Patron(45.52, -122.67, "OR"))
    >>> for s in r.suggestions:
    ...     print(s.libid, s.reasons, s.distance_km)
    ORHOSP ('NEAREST',) 0.8
    ORUNIV ('LARGE_COLLECTION',) 2.7
    WASEAT ('NEAREST',) 233.8
    >>> r.suggestions[0].explanation
    ('nearest library that serves unaffiliated health professionals, 0.8 km',)
    """
    patron = check_patron(patron)
    size = max(MIN_SUGGESTIONS, _check_limit(limit))
    ask = _ask(G, patron, at)
    closest = strategies.nearest(ask)
    near = closest[0] if closest else None
    outside = _outside(ask, near.km if near else None)
    picks = strategies.affiliation(ask) + closest + strategies.large_collection(ask)
    picks += strategies.subject_expertise(ask) + strategies.consortium(ask)
    rml = strategies.regional_library(ask, near.entry if near else None) if outside else []
    picks += rml
    taken = {p.entry.libid for p in picks}
    picks += strategies.next_nearest(ask, max(0, size - len(taken)), taken)
    suggestions = sorted(_merge(picks), key=_order)[:size]
    return Referral(tuple(suggestions), _note(ask, picks, suggestions, outside, bool(rml)))


def _check_limit(limit: int) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        msg = f"limit must be a whole number of at least 1, got {limit!r}"
        raise InvalidInput(msg, problems=[{"field": "limit", "message": msg}])
    return limit


def _ask(G: nx.MultiDiGraph, patron: Patron, at: dt.datetime | None) -> Ask:
    index = referral_index(G)
    category = "UNAFFILIATED_HEALTH_PROFESSIONAL" if patron.category == "AFFILIATED" \
        else patron.category
    usable = _usable_at(at)
    nearby = Nearby(index, category, patron.lat, patron.lon, usable)
    return Ask(G, index, patron, category, subject_for(patron.specialty), nearby, usable)


def _usable_at(at: dt.datetime | None):
    """A predicate: is a library active, and not out of office on ``at``'s day in its zone?"""
    def usable(entry: Entry) -> bool:
        if not entry.active:
            return False
        if at is None or not entry.out_of_office:
            return True
        day = at.astimezone(_zone(entry.timezone)).date() if at.tzinfo else at.date()
        return not any(period.contains(day) for period in entry.out_of_office)
    return usable


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _outside(ask: Ask, nearest_km: float | None) -> bool:
    state = ask.patron.state
    unserved_state = state is not None and state not in ask.index.member_states
    return nearest_km is None or nearest_km > FAR_KM or unserved_state


def _merge(picks: list[Pick]) -> list[Suggestion]:
    """One suggestion per library, its reasons in :data:`REASONS` order, each reason once."""
    by_libid: dict[str, dict[str, Pick]] = {}
    for pick in picks:
        by_libid.setdefault(pick.entry.libid, {}).setdefault(pick.reason, pick)
    return [_suggestion(list(found.values())) for found in by_libid.values()]


def _suggestion(picks: list[Pick]) -> Suggestion:
    picks.sort(key=lambda p: REASONS.index(p.reason))
    e, km = picks[0].entry, picks[0].km
    weight = sum(0.0 if p.filler else WEIGHTS[p.reason] for p in picks)
    score = weight - (math.log10(1 + km) if km is not None else 0.0)
    return Suggestion(e.libid, e.name, e.city, e.state, None if km is None else round(km, 1),
                      tuple(p.reason for p in picks), round(score, 3),
                      tuple(p.sentence for p in picks))


def _order(s: Suggestion) -> tuple:
    far = math.inf if s.distance_km is None else s.distance_km
    return ("AFFILIATION" not in s.reasons, -s.score, far, s.libid)


def _note(ask: Ask, picks: list[Pick], suggestions: list[Suggestion], outside: bool,
          rml: bool) -> str:
    sentences = []
    patron, found = ask.patron, len(suggestions)
    if patron.category == "AFFILIATED" and patron.affiliation is None:
        sentences.append(f"No affiliation was given: listed are libraries that serve "
                         f"{ask.serving}.")
    if patron.affiliation and not any(p.reason == "AFFILIATION" for p in picks):
        entry = ask.index.entries[patron.affiliation]
        sentences.append(f"Your library {entry.name} ({entry.libid}) is not taking requests now.")
    if outside:
        listed = "the nearest libraries and your Regional Medical Library" if rml \
            else "the nearest libraries"
        sentences.append(f"No DOCLINE library near you serves {ask.serving}: listed are "
                         f"{listed}.")
    if found < MIN_SUGGESTIONS:
        what = "library" if found == 1 else "libraries"
        sentences.append(f"Only {found} {what} could be found for {ask.serving}.")
    if ask.subject and not any(p.reason == "SUBJECT_EXPERTISE" for p in picks):
        sentences.append(f"No library with subject expertise in {ask.subject} was found.")
    sentences.append(PRICES_VARY)
    return " ".join(sentences)
