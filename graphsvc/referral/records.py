"""The records of a referral: who asks (:class:`Patron`) and what they are told (:class:`Referral`).

A referral never carries a price, fee or service policy: the PNR plan tells patrons only that
prices and services vary and that arrangements are made with each library.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from graphsvc.errors import InvalidInput
from graphsvc.geo import check_point, zip_place
from graphsvc.model import PATRON_CATEGORIES

REASONS = ("AFFILIATION", "NEAREST", "LARGE_COLLECTION", "SUBJECT_EXPERTISE", "CONSORTIUM")


@dataclass(frozen=True)
class Patron:
    """Someone asking where to get articles: a point, a state and what they are.

    ``category`` is one of :data:`graphsvc.model.PATRON_CATEGORIES`; ``affiliation`` the LIBID of
    the patron's own library; ``specialty`` free text ("oncologist"); ``consortium`` a group code.
    """

    lat: float
    lon: float
    state: str | None = None
    category: str = "UNAFFILIATED_HEALTH_PROFESSIONAL"
    affiliation: str | None = None
    specialty: str | None = None
    consortium: str | None = None


@dataclass(frozen=True)
class Suggestion:
    """One library to contact, with why: ``explanation[i]`` is the sentence for ``reasons[i]``."""

    libid: str
    name: str
    city: str
    state: str
    distance_km: float | None  # None only for an own library with no known place
    reasons: tuple[str, ...]
    score: float
    explanation: tuple[str, ...]


@dataclass(frozen=True)
class Referral:
    suggestions: tuple[Suggestion, ...] = ()
    note: str = ""

    @property
    def libids(self) -> tuple[str, ...]:
        return tuple(s.libid for s in self.suggestions)


def patron_from_zip(zip_code: str, **kw) -> Patron:
    """A patron at the centroid of a US ZIP code; ``kw`` are the other :class:`Patron` fields.

    >>> patron_from_zip("97201", category="GENERAL_PUBLIC").state
    'OR'
    """
    place = zip_place(zip_code)
    kw.setdefault("state", place["state"])
    return Patron(place["lat"], place["lon"], **kw)


def check_patron(patron: Patron) -> Patron:
    """The patron with a normalised state; :class:`InvalidInput` names a bad field."""
    check_point(patron.lat, patron.lon)
    if patron.category not in PATRON_CATEGORIES:
        msg = f"category must be one of {', '.join(PATRON_CATEGORIES)}, got {patron.category!r}"
        raise InvalidInput(msg, problems=[{"field": "category", "message": msg}])
    state = patron.state
    if isinstance(state, str):
        state = state.strip().upper() or None
    if state is not None and not (len(state) == 2 and state.isalpha()):
        msg = f"state must be a two-letter code, got {patron.state!r}"
        raise InvalidInput(msg, problems=[{"field": "state", "message": msg}])
    return patron if state == patron.state else replace(patron, state=state)
