"""The HTTP API: ``create_app(config)`` builds the Flask application."""

from __future__ import annotations

import threading

from flask import Flask

from api import auth, bodies, errors, json_limits, observability, versions
from api.extensions import StoreExtension, store
from api.spec import api
from graphsvc.services.coverage import keep_warm


def create_app(config: dict | None = None) -> Flask:
    """Build the application; ``config`` (default :func:`api.config.from_env`) overrides the
    defaults.

    Keys: ``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE`` (or ``STORE``,
    a ready :class:`~graphsvc.store.neo4j.Neo4jStore`), ``MAX_CONTENT_LENGTH``, ``TESTING``,
    ``AUTH_REQUIRED`` (default True: writes need a bearer token, see :mod:`api.auth`),
    ``COVERAGE_WARM`` (default: not ``TESTING``; see :func:`_start_coverage_warmer`).
    """
    app = Flask(__name__, instance_relative_config=False)
    app.config.from_mapping(
        API_TITLE="graphsvc", API_VERSION="1.0", OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/v1", OPENAPI_JSON_PATH="openapi.json",
        MAX_CONTENT_LENGTH=16 * 1024 * 1024, JSON_SORT_KEYS=False,
        NEO4J_USER="neo4j", NEO4J_PASSWORD="", NEO4J_DATABASE=None, STORE=None)
    if config is None:
        from api.config import from_env

        config = from_env()
    app.config.update(config)
    observability.init_app(app)
    versions.init_app(app)
    store.init_app(app)
    api.init_app(app)
    errors.init_app(app)
    bodies.init_app(app)
    json_limits.init_app(app)
    auth.init_app(app)
    _register_blueprints(app)
    _start_coverage_warmer(app)
    return app


def _start_coverage_warmer(app: Flask) -> None:
    """Keep this process's coverage index built for the current network version, in a
    background thread (``app.extensions["coverage_warmer"]``: the thread and the event that
    stops it), unless ``COVERAGE_WARM`` is false."""
    if not app.config.get("COVERAGE_WARM", not app.config.get("TESTING")):
        return
    stop = threading.Event()
    thread = keep_warm(StoreExtension.get(app), stop=stop)
    app.extensions["coverage_warmer"] = (thread, stop)


BLUEPRINTS = ("health", "libraries", "holdings", "imports", "routing_tables", "routing",
              "referrals", "request_queues", "requests", "reports", "closures", "alerts",
              "subcoordinators", "coverage", "serials", "pages", "iso18626", "dry_run")


def _register_blueprints(app: Flask) -> None:
    import importlib

    for name in BLUEPRINTS:
        api.register_blueprint(importlib.import_module(f"api.{name}").blp)
