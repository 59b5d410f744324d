"""Connecting to the graph: the explicit step that starts the embedded database when needed.

Entry points (the ``graphsvc`` command, ``api.wsgi``) read :mod:`graphsvc.settings`, then call
:func:`start_database` once; nothing starts a server while reading configuration.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graphsvc.settings import DatabaseSettings, Settings, read_settings
from graphsvc.store import embedded
from graphsvc.store.neo4j import Neo4jStore
from graphsvc.store.service_user import SERVICE_USER


def start_database(settings: Settings, *, service: bool = False) -> DatabaseSettings:
    """The configured database, or the embedded server under ``settings.data_dir``, started
    now unless it already runs (raises :class:`~graphsvc.errors.StoreUnavailable` if it
    cannot start). The embedded server's root (schema, imports at the command line), or with
    ``service`` its service user (the records of its database only: what the API uses)."""
    if settings.database is not None:
        return settings.database
    server = embedded.start(settings.data_dir, heap=settings.db_heap)
    user, password = server.service_auth if service else server.auth
    return DatabaseSettings(server.uri, user, password, server.database)


def password_file(settings: Settings, database: DatabaseSettings) -> Path:
    """A file (mode 0600, in the private data directory) holding ``database``'s password,
    for child processes that must not see it in their environment: the embedded server's
    own password file (root's or the service user's), or one written for a configured
    server."""
    if settings.database is None:
        return settings.data_dir / (embedded.SERVICE_PASSWORD_FILE
                                    if database.user == SERVICE_USER else embedded.PASSWORD_FILE)
    embedded.make_private(settings.data_dir)
    path = settings.data_dir / "neo4j-password"
    embedded.write_private(path, database.password)
    return path


def relocator(settings: Settings, database: DatabaseSettings):
    """What a store calls to follow the embedded server of ``settings.data_dir`` when it
    restarted on other ports (``None`` for a configured server elsewhere)."""
    running = embedded.status(settings.data_dir)
    if settings.database is None or (running and running.uri == database.uri):
        return embedded.locator(settings.data_dir, database.user)
    return None


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
