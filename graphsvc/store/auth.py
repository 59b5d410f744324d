"""API token storage (mixed into :class:`~graphsvc.store.neo4j.Neo4jStore`).

Only the sha256 hash of a token's secret is stored, on a ``(:Token {hash, role, region,
libid, created, expires, revoked})`` node. Token writes do not bump the network version
(tokens are not part of the network), so they run outside :meth:`Neo4jStore.write`.
"""

from __future__ import annotations

from graphsvc.store.cypher import QUERIES


class AuthStore:
    """Hashed API tokens in the graph."""

    def save_token(self, token_hash: str, *, role: str, created: str,
                   region: str | None = None, libid: str | None = None,
                   expires: str | None = None) -> None:
        """Store a token record; ``created`` and ``expires`` are ISO 8601 instants."""
        props = {"hash": token_hash, "role": role, "created": created, "region": region,
                 "libid": libid, "expires": expires}
        props = {name: value for name, value in props.items() if value is not None}
        with self._translated():
            self.driver.execute_query(QUERIES["auth/create_token"], {"props": props},
                                      database_=self.database)

    def token_by_hash(self, token_hash: str) -> dict | None:
        """The stored properties of the token with this hash, or ``None``."""
        rows = self.read("auth/token_by_hash", hash=token_hash)
        return dict(rows[0]["props"]) if rows else None

    def all_tokens(self) -> list[dict]:
        """Every token record (with its hash), oldest first."""
        return [dict(r["props"]) for r in self.read("auth/all_tokens")]

    def revoke_token(self, token_hash: str, *, at: str) -> str | None:
        """Mark the token revoked at ``at`` (kept if it already was); the revocation instant,
        or ``None`` when no token has this hash."""
        with self._translated():
            rows = self.driver.execute_query(QUERIES["auth/revoke_token"],
                                             {"hash": token_hash, "at": at},
                                             database_=self.database).records
        return rows[0]["revoked"] if rows else None
