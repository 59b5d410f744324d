"""ArcadeDB's batch endpoint (``POST /api/v1/batch/<db>``, NDJSON records): the fast path of
:meth:`~graphsvc.store.neo4j.Neo4jStore.bulk_load` for the embedded server.

Each line is a vertex (``@type: vertex``, ``@class``, a temporary ``@id``, properties) or an
edge (``@type: edge``, ``@class``, ``@from``/``@to`` naming a temporary id of the same call or
a stored record's RID ``#bucket:position``, properties). Types must exist already. Traffic goes
to the server's loopback HTTP port only.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from graphsvc.errors import StoreError, StoreUnavailable


@dataclass(frozen=True)
class BatchEndpoint:
    """Where to post NDJSON records: the embedded server's HTTP port, database and root
    password (see :class:`graphsvc.store.embedded.EmbeddedServer`).

    >>> BatchEndpoint(2480, "secret", "graphsvc").url
    'http://127.0.0.1:2480/api/v1/batch/graphsvc'
    """

    http_port: int
    password: str
    database: str
    user: str = "root"
    timeout: float = 600.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/api/v1/batch/{self.database}"

    def post(self, lines: list[dict]) -> dict:
        """Create the records in one call; the server's answer (counts, ``idMapping``)."""
        body = "\n".join(json.dumps(line, separators=(",", ":")) for line in lines).encode()
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        request = urllib.request.Request(self.url, data=body, method="POST", headers={
            "Authorization": f"Basic {token}", "Content-Type": "application/x-ndjson"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                return json.loads(answer.read())
        except urllib.error.HTTPError as exc:
            msg = f"batch load refused ({exc.code}): {exc.read()[:300].decode(errors='replace')}"
            raise StoreError(msg) from exc
        except OSError as exc:
            msg = f"batch endpoint unavailable: {exc}"
            raise StoreUnavailable(msg) from exc
