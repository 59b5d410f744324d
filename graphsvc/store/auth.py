"""API token storage (mixed into :class:`~graphsvc.store.neo4j.Neo4jStore`)."""


class AuthStore:
    """Hashed API tokens in the graph."""
