"""A real HTTP server for tests: a WSGI app on a free loopback port, in a thread."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass

from werkzeug.serving import make_server


@dataclass(frozen=True)
class LiveServer:
    url: str  # http://127.0.0.1:PORT, no trailing slash
    app: object


@contextmanager
def serving(app, host: str = "127.0.0.1"):
    """Serve ``app`` (threaded) on a free port of ``host`` until the block ends."""
    server = make_server(host, 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://{host}:{server.server_port}", app)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
