"""What a test compares to show the graph did (or did not) change: every count and the bundle."""

from __future__ import annotations

from graphsvc.io.bundle import dump_bundle


BOOKKEEPING = frozenset({":Meta", ":HoldingsWrite", "HOLDINGS_WRITTEN"})  # not the network


def graph_snapshot(store) -> tuple[dict[str, int], dict]:
    """Nodes per label and relationships per type (the service's bookkeeping left out: the
    network version, the record of holdings writes), and the exported bundle."""
    census = {k: n for k, n in store.census().items() if k not in BOOKKEEPING}
    return census, dump_bundle(store.export_network())
