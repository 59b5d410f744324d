"""Network use cases: libraries, bundles, the demo network."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import networkx as nx

from graphsvc.errors import Conflict, InvalidInput, NotFound
from graphsvc.fields import LIBID
from graphsvc.network import build_network, canonical
from graphsvc.store.contract import Store


def checked_libid(libid: str, field: str = "libid") -> str:
    """``libid`` if it has the LIBID form (checked before any query), else InvalidInput."""
    if not isinstance(libid, str) or not LIBID.match(libid):
        msg = f"{libid!r} is not a LIBID (two letters of state, U/C/X, three letters)"
        raise InvalidInput(msg, problems=[{"field": field, "message": msg}])
    return libid


def checked_region(store: Store, region: str | None, field: str = "region") -> str | None:
    """``region`` when the network has it (or ``None``), else :class:`NotFound`."""
    if region is not None and region not in {r.code for r in store.regions()}:
        msg = f"unknown region {region!r}"
        raise NotFound(msg, problems=[{"field": field, "message": msg}])
    return region


def list_libraries(store: Store, *, state=None, region=None, group=None, type=None) -> list[dict]:
    states = None
    if checked_region(store, region) is not None:
        states = next(list(r.states) for r in store.regions() if r.code == region)
    return store.libraries(state=state, states=states, type=type, group=group)


def get_library(store: Store, libid: str) -> dict:
    found = store.library(libid)
    if found is None:
        msg = f"no library {libid}"
        raise NotFound(msg, problems=[{"field": "libid", "message": msg}])
    return found


def import_bundle(store: Store, data: dict, *,
                  progress: Callable[[str, int], None] | None = None) -> dict:
    """Validate a bundle against itself, the stored keys and the ISSNs other serials already
    have (:mod:`graphsvc.services.catalog`), then apply it all or nothing.

    Only what differs from the stored records is written, in one transaction that logs what
    it changed (libraries, groups, serials, holdings and routing tables by key), so serving
    processes catch up instead of reloading the network. Computed again if another write
    came in between (:class:`Conflict` after :data:`IMPORT_ATTEMPTS`). ``progress(step,
    rows)`` hears each kind written. The answer counts the bundle's records per section.
    """
    from graphsvc.io.bundle import SECTIONS, load_bundle
    from graphsvc.io.differences import network_differences
    from graphsvc.services.catalog import check_issn_claims

    keys = store.keys()
    network = load_bundle(data, known_libids=keys["libids"], known_groups=keys["groups"],
                          known_serials=keys["serials"])
    check_issn_claims(store, network.serials)
    for attempt in range(1, IMPORT_ATTEMPTS + 1):
        expected = store.version()
        diff = network_differences(store.stored_records(network), network)
        try:
            store.import_differences(diff, atomic=True, expected=expected, progress=progress)
            break
        except Conflict:
            if attempt == IMPORT_ATTEMPTS:
                raise
    return {name: len(getattr(network, name)) for name in SECTIONS}


IMPORT_ATTEMPTS = 3  # a bundle's differences computed again after another write came in


def import_large_bundle(store: Store, data: dict, *, endpoint=None, progress=None,
                        keep_network: Callable[[nx.MultiDiGraph], None] | None = None) -> dict:
    """Import a bundle of any size (``graphsvc import``), checked as :func:`import_bundle`.

    Into an empty database by the bulk path (``endpoint``: the embedded server's batch
    endpoint, else Cypher batches over Bolt); into a populated one by writing only what
    differs from the stored network, in bounded transactions, all or nothing (see
    :meth:`~graphsvc.store.neo4j.Neo4jStore.import_differences`). ``progress(step, rows)``
    hears each batch. The answer says which ``path`` was taken and what was written.

    ``keep_network(G)`` is handed the whole network's graph, built from what the import had
    in memory, at a version no later than the import's (the stored network read before the
    differences were written; the bundle itself after a bulk load): the caller brings it up
    to date by the change log (``graphsvc import`` writes a snapshot of it).
    """
    from graphsvc.io.bundle import load_bundle
    from graphsvc.io.differences import network_differences

    keys = store.keys()
    network = load_bundle(data, known_libids=keys["libids"], known_groups=keys["groups"],
                          known_serials=keys["serials"])
    del data  # the parsed file (the caller keeps none): its memory is the graph's to use
    if store.is_empty():
        answer = {"path": "bulk", **store.bulk_load(network, endpoint=endpoint,
                                                    progress=progress)}
        if keep_network is not None:
            as_read = canonical(dataclasses.replace(network, regions=store.regions()))
            keep_network(build_network(as_read, version=store.version()))
        return answer
    before = store.version()
    stored = store.export_network()
    diff = network_differences(stored, network)
    answer = {"path": "differences",
              **store.import_differences(diff, progress=progress, expected=before)}
    if keep_network is not None:
        keep_network(build_network(stored, version=before))
    return answer


def export_bundle(store: Store) -> dict:
    from graphsvc.io.bundle import dump_bundle

    return dump_bundle(store.export_network())


def load_demo_if_empty(store: Store, demo_path) -> dict | None:
    """Load the demo network into an empty database; ``None`` when it already holds one."""
    import json

    store.ensure_schema()
    if not store.is_empty():
        return None
    return import_bundle(store, json.loads(demo_path.read_text()))
