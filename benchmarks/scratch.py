"""What the benchmarks and long runs share: a free loopback port and a throw-away database."""

from __future__ import annotations

import socket
import tempfile
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def scratch_database(prefix: str = "graphsvc-scratch-"):
    """A new embedded database in a temporary folder: ``{uri, user, password, database}``
    (root's), and ``service``: the ``(user, password)`` the API connects with."""
    from graphsvc.store import embedded

    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        server = embedded.start(Path(tmp))
        try:
            yield {"uri": server.uri, "user": server.auth[0], "password": server.auth[1],
                   "database": server.database, "service": server.service_auth}
        finally:
            embedded.stop(Path(tmp))


@contextmanager
def admin_database(data_dir, *, timeout: float = 300):
    """The embedded database of ``data_dir`` (holding a network) started, and stopped after
    (it would skew the next run): ``(server, store, admin_token)``."""
    from graphsvc.services.auth import create_token
    from graphsvc.store import embedded
    from graphsvc.store.neo4j import Neo4jStore

    server = embedded.start(data_dir, timeout=timeout)
    try:
        store = Neo4jStore(server.uri, server.auth, database=server.database,
                           max_retry_time=30)
        try:
            yield server, store, create_token(store, "admin")[0]
        finally:
            store.close()
    finally:
        embedded.stop(data_dir)
