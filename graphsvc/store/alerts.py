"""Rush-alert settings (mixed into :class:`~graphsvc.store.neo4j.Neo4jStore`).

One ``(:Library)-[:ALERTS_TO]->(:AlertSettings {email, webhook_url, secret, updated})`` per
library. Alert settings are not part of the routing network: writing them does not bump the
network version, and the bundle export leaves them (and their secrets) out.
"""

from __future__ import annotations

from graphsvc.errors import NotFound


class AlertsStore:
    """Where each library wants its rush alerts."""

    def save_alerts(self, libid: str, props: dict) -> None:
        """Replace ``libid``'s alert settings with ``props`` (no ``None`` values), atomically;
        :class:`NotFound` (nothing written) when the library is unknown."""
        def work(tx):
            self.run(tx, "alerts/delete_library_alerts", libid=libid)
            if not self.run(tx, "alerts/create_library_alerts", libid=libid, props=props):
                msg = f"no library {libid}"
                raise NotFound(msg, problems=[{"field": "libid", "message": msg}])

        with self._translated(), self.driver.session(database=self.database) as session:
            session.execute_write(work)

    def delete_alerts(self, libid: str) -> int:
        """Remove ``libid``'s alert settings; how many were removed (0 or 1)."""
        def work(tx):
            return self.run(tx, "alerts/delete_library_alerts", libid=libid)[0]["deleted"]

        with self._translated(), self.driver.session(database=self.database) as session:
            return session.execute_write(work)

    def alerts(self, libid: str) -> dict | None:
        """``libid``'s stored alert settings, or ``None``."""
        rows = self.read("alerts/library_alerts", libid=libid)
        return dict(rows[0]["props"]) if rows else None

    def alerted_libraries(self) -> set[str]:
        """LIBIDs of the libraries with alert settings."""
        return {r["libid"] for r in self.read("alerts/libraries_with_alerts")}
