"""What a test compares to show the graph did (or did not) change: every count and the bundle."""

from __future__ import annotations

from graphsvc.io.bundle import dump_bundle


# The service's bookkeeping, not the network.
BOOKKEEPING = frozenset({":Meta", ":Change", ":HoldingsWrite", "HOLDINGS_WRITTEN"})


def graph_snapshot(store) -> tuple[dict[str, int], dict]:
    """Nodes per label and relationships per type (the service's bookkeeping left out: the
    network version, its change log, the record of holdings writes), and the exported bundle."""
    census = {k: n for k, n in store.census().items() if k not in BOOKKEEPING}
    return census, dump_bundle(store.export_network())
