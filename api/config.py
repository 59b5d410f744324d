"""The application's configuration, from :mod:`graphsvc.settings` (which reads the environment).

Reading configuration starts nothing: :func:`from_env` needs ``GRAPHSVC_NEO4J_URI``, and the
WSGI entry point (:mod:`api.wsgi`) starts the embedded database on purpose when it is unset.
"""

from __future__ import annotations

from graphsvc.errors import StoreUnavailable
from graphsvc.settings import DatabaseSettings, Settings, read_settings
from graphsvc.store.connect import relocator


def config_from(settings: Settings, database: DatabaseSettings) -> dict:
    """The keys of :func:`api.create_app` for a running ``database``: ``NEO4J_*``, and the
    alert email's SMTP server (``SMTP``, ``None`` when none is configured), the network
    snapshots' folder (``SNAPSHOT_DIR``, ``None``: none; :mod:`api.preload`) and the private
    memory of a worker above which the master forks the workers anew (``RESHARE_MB``) and the
    seconds the workers' coverage and referral indexes may lag behind holdings changes
    (``INDEX_LAG_S``)."""
    config = {"NEO4J_URI": database.uri, "NEO4J_USER": database.user,
              "NEO4J_PASSWORD": database.password, "NEO4J_DATABASE": database.database,
              "NEO4J_RELOCATE": relocator(settings, database),
              "SMTP": settings.smtp, "SNAPSHOT_DIR": settings.snapshot_dir,
              "RESHARE_MB": settings.reshare_mb, "INDEX_LAG_S": settings.index_lag_s}
    if settings.master_loads_network:  # gunicorn's master loads it (api.preload): no warmer
        config["COVERAGE_WARM"] = False  # there; api.workers.adopt starts one per worker
    return config


def from_env() -> dict:
    """The configuration of ``GRAPHSVC_*``; raises :class:`StoreUnavailable` when no database
    URI is set (start the embedded database first: ``graphsvc db start``, or serve
    ``api.wsgi:app``, which starts it)."""
    settings = read_settings()
    if settings.database is None:
        msg = ("GRAPHSVC_NEO4J_URI is not set: name a running database, or use api.wsgi or "
               "`graphsvc serve`, which start the embedded one")
        raise StoreUnavailable(msg)
    return config_from(settings, settings.database)
