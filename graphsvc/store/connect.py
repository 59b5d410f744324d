"""Connecting to the graph: the explicit step that starts the embedded database when needed.

Entry points (the ``graphsvc`` command, ``api.wsgi``) read :mod:`graphsvc.settings`, then call
:func:`start_database` once; nothing starts a server while reading configuration.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from graphsvc.settings import DatabaseSettings, Settings, read_settings
from graphsvc.store import embedded
from graphsvc.store.neo4j import Neo4jStore


def start_database(settings: Settings) -> DatabaseSettings:
    """The configured database, or the embedded server under ``settings.data_dir``, started
    now unless it already runs (raises :class:`~graphsvc.errors.StoreUnavailable` if it
    cannot start)."""
    if settings.database is not None:
        return settings.database
    server = embedded.start(settings.data_dir, heap=settings.db_heap)
    return DatabaseSettings(server.uri, "root", server.password, server.database)


def batch_endpoint(settings: Settings):
    """The embedded server's batch endpoint (the bulk path of an import into an empty
    database), or ``None`` when a configured database (Neo4j) is used."""
    if settings.database is not None:
        return None
    from graphsvc.store.arcadedb_batch import BatchEndpoint

    server = embedded.start(settings.data_dir, heap=settings.db_heap)
    return BatchEndpoint(server.http_port, server.password, server.database)


def open_store(database: DatabaseSettings, **options) -> Neo4jStore:
    """A :class:`Neo4jStore` on ``database`` (``options`` go to its constructor)."""
    return Neo4jStore(database.uri, (database.user, database.password),
                      database=database.database, **options)


@contextmanager
def opened_store(database: DatabaseSettings | None = None, *,
                 max_retry_time: float = 15.0) -> Iterator[Neo4jStore]:
    """A store with its schema ensured, closed on leaving the block (the command-line helper).

    ``database`` defaults to :func:`start_database` of the environment's settings.
    """
    store = open_store(database or start_database(read_settings()),
                       max_retry_time=max_retry_time)
    try:
        store.ensure_schema()
        yield store
    finally:
        store.close()
