"""The store contract: what the services (``graphsvc.services``) ask of the graph database.

:class:`~graphsvc.store.neo4j.Neo4jStore` is the one implementation. The contract is written
as :class:`typing.Protocol` classes, one per area, so a service names what it needs and a
fast unit test of a service rule can pass a small in-memory fake of one area. Integration
tests always use the real store on the embedded database.

Services call nothing else on a store (no raw queries, no probing with ``getattr``);
``tests/store/test_contract.py`` keeps both sides to this file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Protocol, runtime_checkable

import networkx as nx

from graphsvc.io.differences import Differences
from graphsvc.model import Holding, Library, Network, Region, RoutingTable, Serial
from graphsvc.requests import TrackedRequest


@runtime_checkable
class NetworkReads(Protocol):
    """The network as stored, and as graphs for the rules."""

    def version(self) -> int:
        """The network version; every network write bumps it."""

    def database_id(self) -> str:
        """The identity of this database (network snapshots are keyed by it)."""

    def keys(self) -> dict[str, frozenset[str]]:
        """Stored ``libids``, ``groups`` and ``serials`` (NLM Unique IDs)."""

    def known_serials(self, nlm_uids: Iterable[str]) -> set[str]:
        """Which of ``nlm_uids`` name stored serials."""

    def is_empty(self) -> bool:
        """``True`` when no library is stored."""

    def regions(self) -> tuple[Region, ...]:
        """Every region with its states and RML."""

    def libraries(self, *, state: str | None = None, states: list[str] | None = None,
                  type: str | None = None, group: str | None = None) -> list[dict]:
        """``{"library": Library, "groups": [code, ...]}`` per library that matches."""

    def library(self, libid: str) -> dict | None:
        """``{"library", "groups", "holdings"}`` of one library, or ``None``."""

    def holdings(self, libid: str) -> tuple[list[Holding], dict[str, Serial]]:
        """A library's holdings and the serials they name (by NLM Unique ID)."""

    def serial_for_issn(self, issn: str) -> str | None:
        """The NLM Unique ID of a serial with this ISSN (any form), or ``None``."""

    def serials_by_issn(self, issns: Iterable[str]) -> dict[str, list[Serial]]:
        """The stored serials each ISSN identifies (keys normalised, ``"0028-4793"``)."""

    def serials_for_issn(self, issn: str) -> list[str]:
        """Every NLM Unique ID with this ISSN (any form), sorted."""

    def serial_titles(self) -> list[tuple[str, str]]:
        """``(nlm_uid, title)`` of every stored serial."""

    def serial_abbreviations(self) -> list[tuple[str, str]]:
        """``(nlm_uid, abbreviation)`` of every MEDLINE or ISO abbreviation of a serial."""

    def routing_graph(self, borrower: str, nlm_uid: str | None, *,
                      extra: Iterable[str] = ()) -> nx.MultiDiGraph:
        """The neighbourhood one routing request needs, as a network graph."""

    def network(self, *, max_age: float = 0.0) -> nx.MultiDiGraph:
        """The whole network graph at the current version (loaded now if needed)."""

    def network_ready(self, *, max_age: float = 1.0) -> nx.MultiDiGraph | None:
        """The whole network graph if this process holds it (brought up to date change by
        change), else ``None`` (and it starts loading)."""

    def libraries_network(self) -> nx.MultiDiGraph:
        """Regions, libraries and groups only, as a graph (the map before the network)."""

    def export_network(self) -> Network:
        """The whole network as a bundle."""

    def stored_records(self, network: Network) -> Network:
        """The stored records of what a bundle names (every region; its libraries, groups
        and serials; the holdings and routing table of each library it has them for)."""

    def record_updates(self) -> dict[str, dt.date | None]:
        """LIBID -> the day each library's record was last written (``None``: unknown)."""


@runtime_checkable
class NetworkWrites(Protocol):
    """Atomic writes of the network; each bumps the network version."""

    def ensure_schema(self) -> None:
        """Create constraints and indexes (idempotent)."""

    def import_network(self, network: Network, *, atomic: bool = True,
                       progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
        """Create or update every record of a bundle; counts per kind (``progress(step,
        rows)`` hears each batch)."""

    def replace_holdings(self, libid: str, holdings: Iterable[Holding]) -> dict[str, int | bool]:
        """Replace every holding of a library (never creating a serial)."""

    def replace_routing_table(self, table: RoutingTable) -> None:
        """Replace a library's cells, Do Not Route list and manual map."""

    def upsert_library(self, library: Library, *, updated: dt.date | None = None) -> None:
        """Create or replace one library record (``updated``: the day it was written)."""

    def rewrite_libraries(self, libraries: Iterable[Library],
                          holdings: Mapping[str, Iterable[Holding]]) -> dict[str, int]:
        """Write library records and replace the holdings of each LIBID of ``holdings``, all
        or nothing (a merge or a closure); holdings written per LIBID."""

    def bulk_load(self, network: Network, *, batch: int = 10_000, endpoint=None,
                  progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
        """Load a whole bundle into an empty database, batch by batch; on a failure what it
        wrote is deleted again."""

    def import_differences(self, diff: Differences, *, batch: int = 20_000,
                           progress: Callable[[str, int], None] | None = None,
                           atomic: bool = False, expected: int | None = None
                           ) -> dict[str, int]:
        """Write a bundle's differences in bounded, version-guarded transactions, undone as
        a whole when one fails (``atomic``: in one transaction), each logging its change."""


@runtime_checkable
class RequestHistory(Protocol):
    """Tracked requests under optimistic locking (versions), and what history tells."""

    def create_requests(self, requests: Iterable[TrackedRequest]) -> int:
        """Store new requests (version 1); NotFound (nothing stored) for an unknown borrower."""

    def request(self, request_id: str) -> tuple[TrackedRequest, int] | None:
        """``(request, version)`` or ``None``."""

    def update_request(self, request_id: str,
                       change: Callable[[TrackedRequest], TrackedRequest]) -> TrackedRequest:
        """Apply the pure ``change`` to a request in one transaction (NotFound, Conflict)."""

    def due_requests(self, at: dt.datetime) -> list[tuple[TrackedRequest, int]]:
        """Open requests whose current deadline is at or before ``at``, with versions."""

    def save_requests(self, changed: Iterable[tuple[TrackedRequest, int]]) -> set[str]:
        """Write back requests read at the given versions; the ids actually written."""

    def requests_between(self, frm: dt.datetime | None,
                         to: dt.datetime | None) -> list[TrackedRequest]:
        """Requests created before ``to`` whose last event is at or after ``frm``."""

    def recent_load(self, *, since: dt.datetime) -> dict[str, int]:
        """How many requests reached each library at or after ``since``."""

    def most_requested_titles(self, libid: str, *, limit: int) -> list[str]:
        """NLM Unique IDs a borrower requested most, most first."""

    def request_queue(self, *, libids: list[str] | None = None, borrower: str | None = None,
                      lender: str | None = None, statuses: list[str] | None = None,
                      updated_since: dt.datetime | None = None,
                      before: tuple[str, str] | None = None,
                      limit: int = 50) -> list[TrackedRequest]:
        """Requests newest first, filtered; ``before`` is the last ``(created_at, id)`` seen."""

    def request_events(self, *, since: int, libids: list[str] | None,
                       limit: int) -> list[dict]:
        """Feed events numbered after ``since`` concerning ``libids`` (``None``: all)."""


@runtime_checkable
class IdempotencyKeys(Protocol):
    """Claims and kept answers of ``Idempotency-Key`` headers."""

    def claim_idempotency_key(self, key: str, *, fingerprint: str, claim: str,
                              at: str) -> dict:
        """The key's record, created with ``claim`` when nobody held the key."""

    def idempotency_record(self, key: str) -> dict | None:
        """The key's record, or ``None``."""

    def save_idempotent_answer(self, key: str, *, claim: str, status: int, body: str,
                               content_type: str) -> None:
        """Keep the answer of a key this ``claim`` holds."""

    def release_idempotency_key(self, key: str, *, claim: str) -> None:
        """Drop an unanswered claim so that a retry runs again."""

    def forget_idempotency_key(self, key: str, *, claim: str) -> None:
        """Drop the key's record if ``claim`` still holds it (answered or not)."""

    def delete_expired_idempotency_keys(self, before: str, *, limit: int = 1000) -> int:
        """Delete up to ``limit`` records claimed before ``before``; how many went."""


@runtime_checkable
class TokenStore(Protocol):
    """Hashed API tokens."""

    def save_token(self, token_hash: str, *, role: str, created: str,
                   region: str | None = None, libid: str | None = None,
                   expires: str | None = None) -> None:
        """Store a token record (only the hash of its secret)."""

    def token_by_hash(self, token_hash: str) -> dict | None:
        """The stored properties of a token, or ``None``."""

    def all_tokens(self) -> list[dict]:
        """Every token record (with its hash), oldest first."""

    def revoke_token(self, token_hash: str, *, at: str) -> str | None:
        """Mark a token revoked; the revocation instant, or ``None`` for an unknown hash."""


@runtime_checkable
class Subcoordinators(Protocol):
    """Libraries assigned to holdings subcoordinator tokens, and who wrote holdings."""

    def subcoordinators(self, *, region: str | None = None,
                        token_id: str | None = None) -> list[dict]:
        """``{"hash", "region", "created", "libraries"}`` per subcoordinator token."""

    def assign_libraries(self, token_hash: str, libids: list[str], *, by: str, at: str,
                         replace: bool = True) -> list[str]:
        """Assign libraries to a token (replacing its assignments unless ``replace`` is false)."""

    def unassign_library(self, token_hash: str, libid: str) -> int:
        """Revoke one assignment; how many were removed (0 or 1)."""

    def holdings_writes(self, libid: str, *, limit: int = 100) -> list[dict]:
        """Who wrote a library's holdings, newest first."""


@runtime_checkable
class AlertSettings(Protocol):
    """Where a library's rush alerts go."""

    def alerts(self, libid: str) -> dict | None:
        """A library's stored alert settings, or ``None``."""

    def save_alerts(self, libid: str, props: dict) -> None:
        """Replace a library's alert settings atomically (NotFound for an unknown library)."""

    def delete_alerts(self, libid: str) -> int:
        """Remove a library's alert settings; how many were removed (0 or 1)."""

    def alerted_libraries(self) -> set[str]:
        """LIBIDs of the libraries with alert settings."""


@runtime_checkable
class Store(NetworkReads, NetworkWrites, RequestHistory, TokenStore, Subcoordinators,
            AlertSettings, IdempotencyKeys, Protocol):
    """Everything the services use, plus the process's connection."""

    def ping(self) -> None:
        """Raise :class:`~graphsvc.errors.StoreUnavailable` unless the database answers."""

    def close(self) -> None:
        """Release the connection."""
