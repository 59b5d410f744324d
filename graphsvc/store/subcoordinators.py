"""Subcoordinators' library assignments and the holdings write log (mixed into
:class:`~graphsvc.store.neo4j.Neo4jStore`).

``(:Token {role: "subcoordinator"})-[:MAINTAINS {assigned_by, at}]->(:Library)`` per
assignment (not part of the routing network: no version bump), and one
``(:Library)-[:HOLDINGS_WRITTEN]->(:HoldingsWrite {at, role, token_id, deleted, written})``
per holdings write, created in that write's transaction.
"""

from __future__ import annotations


class SubcoordinatorStore:
    """Who may keep which library's holdings, and who did."""

    def subcoordinators(self, *, region: str | None = None,
                        token_id: str | None = None) -> list[dict]:
        """``{"hash", "region", "created", "libraries"}`` per subcoordinator token."""
        return [dict(r) for r in self.read("auth/subcoordinators", region=region, id=token_id)]

    def assign_libraries(self, token_hash: str, libids: list[str], *, by: str, at: str,
                         replace: bool = True) -> list[str]:
        """Assign ``libids`` (replacing the old assignments unless ``replace`` is false)."""
        def work(tx):
            self.run(tx, "auth/delete_assignments", hash=token_hash,
                     libids=None if replace else libids)
            return [r["libid"] for r in self.run(tx, "auth/create_assignments",
                                                 hash=token_hash, libids=libids, by=by, at=at)]

        with self._translated(), self.driver.session(database=self.database) as session:
            return session.execute_write(work)

    def unassign_library(self, token_hash: str, libid: str) -> int:
        """Revoke one assignment; how many were removed (0 or 1)."""
        def work(tx):
            return self.run(tx, "auth/delete_assignments", hash=token_hash,
                            libids=[libid])[0]["removed"]

        with self._translated(), self.driver.session(database=self.database) as session:
            return session.execute_write(work)

    def holdings_writes(self, libid: str, *, limit: int = 100) -> list[dict]:
        """Who wrote ``libid``'s holdings, newest first."""
        return [dict(r["props"]) for r in self.read("holdings/library_writes", libid=libid,
                                                   limit=limit)]
