"""What a test compares to show the graph did (or did not) change: every count and the bundle."""

from __future__ import annotations

from graphsvc.io.bundle import dump_bundle


def graph_snapshot(store) -> tuple[dict[str, int], dict]:
    """Nodes per label and relationships per type (the network version and its change log
    left out), and the exported bundle."""
    census = {k: n for k, n in store.census().items() if k not in (":Meta", ":Change")}
    return census, dump_bundle(store.export_network())
