"""The store as a Flask extension: one driver per process, created on first use."""

from __future__ import annotations

import threading

from flask import Flask, current_app

from graphsvc.store.neo4j import Neo4jStore

_KEY = "graphsvc.store"


class StoreExtension:
    """``store.init_app(app)``; ``get_store()`` gives this process's :class:`Neo4jStore`."""

    def __init__(self, app: Flask | None = None):
        self._lock = threading.Lock()
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        app.extensions[_KEY] = {"store": app.config.get("STORE"), "lock": threading.Lock()}
        app.teardown_appcontext(lambda exc: None)

    @staticmethod
    def get(app: Flask) -> Neo4jStore:
        slot = app.extensions[_KEY]
        if slot["store"] is None:
            with slot["lock"]:
                if slot["store"] is None:
                    slot["store"] = open_store(app.config)
        return slot["store"]


def open_store(cfg) -> Neo4jStore:
    """A new store on the database the app's configuration names."""
    return Neo4jStore(cfg["NEO4J_URI"], (cfg["NEO4J_USER"], cfg["NEO4J_PASSWORD"]),
                      database=cfg.get("NEO4J_DATABASE"), timeout=cfg.get("NEO4J_TIMEOUT", 3.0),
                      max_retry_time=cfg.get("NEO4J_MAX_RETRY_TIME", 2.0),
                      relocate=cfg.get("NEO4J_RELOCATE"), snapshot_dir=cfg.get("SNAPSHOT_DIR"))


store = StoreExtension()


def get_store() -> Neo4jStore:
    return StoreExtension.get(current_app)
