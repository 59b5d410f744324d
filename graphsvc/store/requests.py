"""Request lifecycle storage (mixed into :class:`~graphsvc.store.neo4j.Neo4jStore`)."""


class RequestsStore:
    """Requests, their lenders and their history in the graph."""
