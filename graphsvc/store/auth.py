"""API token storage (mixed into :class:`~graphsvc.store.neo4j.Neo4jStore`).

Only the sha256 hash of a token's secret is stored, on a ``(:Token {hash, role, region,
libid, created})`` node. Saving a token does not bump the network version (tokens are not
part of the network), so it runs outside :meth:`Neo4jStore.write`.
"""

from __future__ import annotations

from graphsvc.store.cypher import QUERIES


class AuthStore:
    """Hashed API tokens in the graph."""

    def save_token(self, token_hash: str, *, role: str, created: str,
                   region: str | None = None, libid: str | None = None) -> None:
        """Store a token record; ``created`` is an ISO 8601 instant."""
        props = {"hash": token_hash, "role": role, "created": created, "region": region,
                 "libid": libid}
        props = {name: value for name, value in props.items() if value is not None}
        with self._translated():
            self.driver.execute_query(QUERIES["auth/create_token"], {"props": props},
                                      database_=self.database)

    def token_by_hash(self, token_hash: str) -> dict | None:
        """The stored properties of the token with this hash, or ``None``."""
        rows = self.read("auth/token_by_hash", hash=token_hash)
        return dict(rows[0]["props"]) if rows else None
