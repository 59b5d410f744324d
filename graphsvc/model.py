"""Frozen records of the network and of the questions asked about it.

Codes are upper-case strings (the vocabularies below); dates are :class:`datetime.date`,
instants are timezone-aware :class:`datetime.datetime`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

LIBRARY_TYPES = ("RML", "RESOURCE", "PAL", "OTHER", "NLM")
# Resource Libraries (a Regional Medical Library is one): the DOCLINE 1-5 routing stage (R19),
# the large libraries referral suggests, the libraries held to the fill-rate standard.
RESOURCE_LIBRARY_TYPES = frozenset({"RML", "RESOURCE"})
# FULL lends and borrows; BORROW_ONLY (NN/LM plan: small collections) borrows through every
# stage and never lends; NLM_ONLY borrows from NLM only and never lends (E8); CLOSED and
# NON_PARTICIPANT neither borrow nor lend (R14).
PARTICIPATION = ("FULL", "NLM_ONLY", "CLOSED", "NON_PARTICIPANT", "BORROW_ONLY")
NON_LENDING = frozenset({"NLM_ONLY", "BORROW_ONLY"})
NOT_BORROWING = frozenset({"CLOSED", "NON_PARTICIPANT"})
DELIVERY_METHODS = ("EMAIL_PDF", "WEB_PDF", "FAX", "MAIL", "ARTICLE_EXCHANGE", "ODYSSEY", "ARIEL")
PATRON_CATEGORIES = ("AFFILIATED", "UNAFFILIATED_HEALTH_PROFESSIONAL", "GENERAL_PUBLIC")
GROUP_KINDS = ("LIBRARY_GROUP", "CONSORTIUM")
CONTACT_FIELDS = ("address", "phone", "email", "website", "hours")  # optional, for people
HOLDING_FORMATS = ("PRINT", "ELECTRONIC")
REQUEST_FORMATS = ("ANY", "PRINT", "ELECTRONIC")
SERVICE_LEVELS = ("NORMAL", "RUSH", "URGENT")
CELLS = tuple(range(1, 10))
MAX_PER_CELL = 20
VIAS = ("DIRECT", "CELL", "RESOURCE", "NLM", "ALL_OTHER", "MANUAL")
MATCHED_ON = ("VOLUME", "YEAR", "BOTH", "NOT_CHECKED")
SKIP_REASONS = (
    "INACTIVE", "OUT_OF_OFFICE", "NOT_A_LENDER", "DO_NOT_ROUTE", "NO_HOLDINGS", "LEVEL_2",
    "FORMAT", "EMBARGO", "DELIVERY", "SERVICE_LEVEL", "EFTS", "ALREADY_ROUTED", "CELL_FULL",
    "BORROWER", "COST", "EXCLUDED",
)


@dataclass(frozen=True, slots=True)
class DateRange:
    """Inclusive calendar dates, e.g. an out-of-office period."""

    start: dt.date
    end: dt.date

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str
    states: tuple[str, ...] = ()
    rml: str | None = None


@dataclass(frozen=True, slots=True)
class Library:
    libid: str
    name: str
    type: str = "PAL"
    participation: str = "FULL"
    city: str = ""
    state: str = ""
    zip: str = ""
    lat: float | None = None
    lon: float | None = None
    timezone: str = "America/New_York"
    delivery_methods: tuple[str, ...] = ()
    fills_rush: bool = False
    fills_urgent: bool = False
    efts: bool = False
    serves: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    base_fee: float | None = None
    out_of_office: tuple[DateRange, ...] = ()
    address: str = ""  # street address; contact details are for people, never for routing
    phone: str = ""
    email: str = ""
    website: str = ""
    hours: str = ""  # opening hours, as the library states them


@dataclass(frozen=True, slots=True)
class Group:
    code: str
    name: str
    kind: str = "LIBRARY_GROUP"
    members: tuple[str, ...] = ()
    serves_states: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Serial:
    nlm_uid: str
    title: str
    issns: tuple[str, ...] = ()
    continues: str | None = None
    continued_by: str | None = None
    subjects: tuple[str, ...] = ()
    med_abbr: str | None = None  # NLM's MEDLINE abbreviation ("N Engl J Med")
    iso_abbr: str | None = None  # the ISO 4 abbreviation ("N. Engl. J. Med.")


@dataclass(frozen=True, slots=True)
class Range:
    """One holdings range; ``None`` ends are open. All four ``None`` is Level 2."""

    begin_volume: str | None = None
    end_volume: str | None = None
    begin_year: int | None = None
    end_year: int | None = None

    @property
    def is_level_2(self) -> bool:
        return self.begin_volume is None and self.end_volume is None and \
            self.begin_year is None and self.end_year is None


@dataclass(frozen=True, slots=True)
class Holding:
    libid: str
    nlm_uid: str
    format: str = "PRINT"
    ranges: tuple[Range, ...] = ()
    currently_received: bool = False
    embargo_months: int = 0
    last_modified: dt.date | None = None
    retention_policy: str = "Permanently Retained"
    limited_retention_period: int = 0
    limited_retention_type: str = "Years"
    has_epub_ahead_of_print: bool = False
    has_supplements: bool = False
    ignore_warnings: bool = False
    embargo_years: int = 0
    # the DOCLINE file's ISSN list as written ("1040-2446 (Print), 1040-2446 (Electronic)"),
    # so that an export gives each ISSN's type label back; not part of what the holding is
    issns_as_written: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class RoutingTable:
    libid: str
    cells: dict[int, tuple[str, ...]] = field(default_factory=dict)
    do_not_route: tuple[str, ...] = ()
    manual_map: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Network:
    """A network bundle: everything ``graphsvc import`` reads and ``export bundle`` writes."""

    regions: tuple[Region, ...] = ()
    libraries: tuple[Library, ...] = ()
    groups: tuple[Group, ...] = ()
    serials: tuple[Serial, ...] = ()
    holdings: tuple[Holding, ...] = ()
    routing_tables: tuple[RoutingTable, ...] = ()


@dataclass(frozen=True, slots=True)
class Citation:
    nlm_uid: str | None = None
    issn: str | None = None
    year: int | None = None
    volume: str | None = None
    epub_date: dt.date | None = None
    pmid: str | None = None
    title: str | None = None
    author: str | None = None
    isbn: str | None = None


@dataclass(frozen=True, slots=True)
class Delivery:
    primary: str = "EMAIL_PDF"
    alternates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RoutingRequest:
    borrower: str
    citation: Citation
    at: dt.datetime
    service_level: str = "NORMAL"
    delivery: Delivery = Delivery()
    format: str = "ANY"
    efts_only: bool = False
    direct_to: str | None = None
    cells: tuple[int, ...] = CELLS
    route_to_nlm: bool = True
    all_other_libraries: bool = False
    do_not_route: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    max_cost: float | None = None
    seed: int | None = None
    explain: bool = False
    manual: bool = False
    loan: bool = False
    need_by: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Lender:
    libid: str
    name: str
    via: str
    cell: int | None = None
    delivery: str | None = None
    matched_on: str = "NOT_CHECKED"
    via_title_change: str | None = None  # NLM Unique ID of the related title that matched
    why: str | None = None  # the predictive policy's reason for the lender's place


@dataclass(frozen=True, slots=True)
class Skip:
    libid: str
    via: str
    reason: str
    cell: int | None = None
    via_title_change: str | None = None  # its holdings checked were of a related title only


@dataclass(frozen=True, slots=True)
class LenderSequence:
    """The lenders in routing order, the skips (only when explaining) and ``notes``: plain
    sentences saying how the request was routed when it was not routed by its title's
    holdings as asked (an NLM-only borrower, the manual map for a title not in the network)."""

    lenders: tuple[Lender, ...] = ()
    skipped: tuple[Skip, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def libids(self) -> tuple[str, ...]:
        return tuple(lender.libid for lender in self.lenders)
