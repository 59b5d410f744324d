"""Settings: the one module that reads the environment. Reading settings starts nothing.

``GRAPHSVC_DATA_DIR`` (default ``./var``) holds the embedded database, the metrics folder and
the network snapshots (``snapshots/``, or ``GRAPHSVC_SNAPSHOT_DIR``; empty: none);
``GRAPHSVC_NEO4J_URI`` (with ``_USER``, ``_PASSWORD``, ``_DATABASE``) names a running graph
database; ``GRAPHSVC_SMTP_HOST`` (with ``_PORT``, ``_USER``, ``_PASSWORD``, ``_SENDER``,
``_STARTTLS``) the server of the rush-alert email; ``GRAPHSVC_RESHARE_MB`` (default 100, 0:
never) the private memory of a ``serve`` worker above which the workers are forked anew to
share the master's network again; ``GRAPHSVC_INDEX_LAG_S`` (default 300) the seconds a
``serve`` worker's coverage and referral indexes may lag behind holdings changes;
``GRAPHSVC_REQUESTS_PER_CONNECTION`` (default 100, 0: never) the answers a kept-alive
connection of ``serve`` gets before it is closed. With no
URI the service uses the embedded server under the data directory, which an entry point
starts on purpose
(:func:`graphsvc.store.connect.start_database`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PREFIX = "GRAPHSVC_NEO4J_"


@dataclass(frozen=True)
class DatabaseSettings:
    """Where a running graph database answers over Bolt, and how to log in."""

    uri: str
    user: str = "neo4j"
    password: str = ""
    database: str | None = None

    def as_environment(self) -> dict[str, str]:
        """The ``GRAPHSVC_NEO4J_*`` variables that name this database to a child process.

        >>> DatabaseSettings("bolt://db:7687", "root", "s").as_environment()["GRAPHSVC_NEO4J_URI"]
        'bolt://db:7687'
        """
        return {f"{PREFIX}URI": self.uri, f"{PREFIX}USER": self.user,
                f"{PREFIX}PASSWORD": self.password, f"{PREFIX}DATABASE": self.database or ""}


@dataclass(frozen=True)
class Settings:
    """The service's configuration: a data directory and, optionally, a database to use.

    ``database`` is ``None`` when no URI is configured: the embedded server under
    ``data_dir`` is the database then.
    """

    data_dir: Path
    database: DatabaseSettings | None = None
    smtp: dict | None = None  # keyword arguments of graphsvc.alerts.SmtpSettings
    #: ``GRAPHSVC_MASTER_LOADS_NETWORK`` (set by api/gunicorn_conf.py): the app runs in
    #: gunicorn's master, which loads the network for the workers (api/preload.py).
    master_loads_network: bool = False
    db_heap: str = "4g"  # GRAPHSVC_DB_HEAP: the embedded database's Java heap ceiling
    #: Where network snapshots are kept (:mod:`graphsvc.snapshot`); ``None``: no snapshots.
    snapshot_dir: Path | None = None
    #: A ``serve`` worker's private memory (MB) above which the master forks the workers anew
    #: on its up-to-date network (api/preload.py); 0: never.
    reshare_mb: int = 100
    #: Seconds a ``serve`` worker's coverage and referral indexes may lag behind holdings
    #: changes (the master builds them anew and forks the workers on them; api/preload.py).
    index_lag_s: int = 300
    #: Answers a kept-alive connection of ``serve`` gets before it is closed (0: never).
    requests_per_connection: int = 100


def read_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """The settings in ``environ`` (default: this process's environment), without side effects.

    >>> read_settings({"GRAPHSVC_DATA_DIR": "/srv/g"}).database is None
    True
    >>> read_settings({"GRAPHSVC_NEO4J_URI": "neo4j://db", "GRAPHSVC_NEO4J_DATABASE": ""}).database
    DatabaseSettings(uri='neo4j://db', user='neo4j', password='', database=None)
    """
    env = os.environ if environ is None else environ
    data_dir = Path(env.get("GRAPHSVC_DATA_DIR", "./var")).resolve()
    uri = env.get(f"{PREFIX}URI")
    database = DatabaseSettings(
        uri, env.get(f"{PREFIX}USER", "neo4j"), _password(env),
        env.get(f"{PREFIX}DATABASE") or None) if uri else None
    snapshots = env.get("GRAPHSVC_SNAPSHOT_DIR", str(data_dir / "snapshots"))
    return Settings(data_dir, database, _smtp(env),
                    bool(env.get("GRAPHSVC_MASTER_LOADS_NETWORK")),
                    env.get("GRAPHSVC_DB_HEAP", "4g"),
                    Path(snapshots).resolve() if snapshots else None,
                    _whole_number(env, "GRAPHSVC_RESHARE_MB", 100),
                    _whole_number(env, "GRAPHSVC_INDEX_LAG_S", 300, unit="seconds"),
                    _whole_number(env, "GRAPHSVC_REQUESTS_PER_CONNECTION", 100,
                                  unit="answers"))


def _whole_number(env: Mapping[str, str], name: str, default: int, *,
                  unit: str = "megabytes") -> int:
    """A variable holding a whole number of ASCII digits, or ``default`` when unset.

    >>> _whole_number({"N": "12"}, "N", 1), _whole_number({}, "N", 1)
    (12, 1)
    >>> _whole_number({"N": "-1"}, "N", 1)
    Traceback (most recent call last):
    ValueError: N must be a whole number of megabytes (0 or more), not '-1'
    """
    value = env.get(name, "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdigit()):
        msg = f"{name} must be a whole number of {unit} (0 or more), not {value!r}"
        raise ValueError(msg)
    return int(value)


def _smtp(env: Mapping[str, str]) -> dict | None:
    """The rush-alert email server; ``None`` when ``GRAPHSVC_SMTP_HOST`` is not set.

    >>> _smtp({"GRAPHSVC_SMTP_HOST": "mail", "GRAPHSVC_SMTP_STARTTLS": "true"})["starttls"]
    True
    """
    host = env.get("GRAPHSVC_SMTP_HOST")
    if not host:
        return None
    return {"host": host, "port": int(env.get("GRAPHSVC_SMTP_PORT", "25")),
            "user": env.get("GRAPHSVC_SMTP_USER") or None,
            "password": env.get("GRAPHSVC_SMTP_PASSWORD") or None,
            "sender": env.get("GRAPHSVC_SMTP_SENDER", "graphsvc@localhost"),
            "starttls": env.get("GRAPHSVC_SMTP_STARTTLS", "").lower() in ("1", "true")}


def _password(env: Mapping[str, str]) -> str:
    """The content of ``GRAPHSVC_NEO4J_PASSWORD_FILE`` when set, else ``_PASSWORD``."""
    path = env.get(f"{PREFIX}PASSWORD_FILE")
    if path:
        return Path(path).read_text().strip()
    return env.get(f"{PREFIX}PASSWORD", "")


def child_environment(database: DatabaseSettings, *, password_file: Path | None = None,
                      **extra: str) -> dict[str, str]:
    """This process's environment for a child process (gunicorn), naming ``database``; with
    ``password_file`` (which holds the password) the password itself is left out."""
    env = {**os.environ, **database.as_environment(), **extra}
    if password_file is not None:
        del env[f"{PREFIX}PASSWORD"]
        env[f"{PREFIX}PASSWORD_FILE"] = str(password_file)
    return env
