"""Idempotency-Key records (mixed into :class:`~graphsvc.store.neo4j.Neo4jStore`).

One ``(:IdempotencyKey {key, fingerprint, claim, claimed_at, status?, body?,
content_type?})`` node per caller and key, unique on ``key``. Its writes do not bump the
network version.
"""

from __future__ import annotations


class IdempotencyStore:
    """Claims and kept answers of ``Idempotency-Key`` headers."""

    def claim_idempotency_key(self, key: str, *, fingerprint: str, claim: str,
                              at: str) -> dict:
        """The key's record, created with ``claim`` when nobody held the key.

        Two claims at once: one creates it, the other (retried by :meth:`execute_write`
        when it lost the uniqueness race) finds it.
        """
        rows = self.execute_write(lambda tx: self.run(
            tx, "idempotency/claim", key=key, fingerprint=fingerprint, claim=claim, at=at))
        return dict(rows[0]["props"])

    def idempotency_record(self, key: str) -> dict | None:
        rows = self.read("idempotency/one", key=key)
        return dict(rows[0]["props"]) if rows else None

    def save_idempotent_answer(self, key: str, *, claim: str, status: int, body: str,
                               content_type: str) -> None:
        self.execute_write(lambda tx: self.run(
            tx, "idempotency/save_answer", key=key, claim=claim, status=status, body=body,
            content_type=content_type))

    def release_idempotency_key(self, key: str, *, claim: str) -> None:
        self.execute_write(lambda tx: self.run(tx, "idempotency/release", key=key,
                                               claim=claim))

    def forget_idempotency_key(self, key: str, *, claim: str) -> None:
        self.execute_write(lambda tx: self.run(tx, "idempotency/forget", key=key,
                                               claim=claim))

    def delete_expired_idempotency_keys(self, before: str, *, limit: int = 1000) -> int:
        rows = self.execute_write(lambda tx: self.run(
            tx, "idempotency/expired_deleted", before=before, limit=limit))
        return rows[0]["deleted"] if rows else 0
