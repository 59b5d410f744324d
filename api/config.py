"""Configuration from the environment, read the same way as the ``graphsvc`` command does."""

from __future__ import annotations

import os

from graphsvc.cli import smtp_settings, store_settings

#: Set by ``api/gunicorn_conf.py``: the app runs in gunicorn's master, which loads the network
#: for the workers (:mod:`api.preload`); each worker starts its own coverage warmer.
PRELOAD_ENV = "GRAPHSVC_MASTER_LOADS_NETWORK"


def from_env() -> dict:
    """Database settings from ``GRAPHSVC_NEO4J_*`` (the embedded server when no URI is set)
    and the alert email's SMTP server from ``GRAPHSVC_SMTP_*``."""
    s = store_settings()
    config = {"NEO4J_URI": s["uri"], "NEO4J_USER": s["user"], "NEO4J_PASSWORD": s["password"],
              "NEO4J_DATABASE": s["database"], "SMTP": smtp_settings()}
    if os.environ.get(PRELOAD_ENV):
        config["COVERAGE_WARM"] = False  # not in the master: api.preload.adopt, per worker
    return config
