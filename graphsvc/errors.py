"""One rooted hierarchy of the service's errors; ``api/errors.py`` maps them to HTTP."""

from __future__ import annotations


class GraphsvcError(Exception):
    """Root of every error the service raises on purpose."""

    title = "Error"

    def __init__(self, message: str, *, problems: list[dict] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []


class NotFound(GraphsvcError):
    """A named thing (library, title, request, ...) does not exist."""

    title = "Not found"


class InvalidInput(GraphsvcError):
    """Input breaks a rule; ``problems`` lists each bad field or record.

    Each problem is a dict with at least ``field`` and ``message``; file and bundle
    errors add ``line`` or ``position``.
    """

    title = "Invalid input"


class Conflict(GraphsvcError):
    """The action does not fit the current state (wrong lender, wrong status, race lost)."""

    title = "Conflict"


class Unauthorized(GraphsvcError):
    """No credentials, or credentials that are not valid."""

    title = "Unauthorized"


class Forbidden(GraphsvcError):
    """Valid credentials whose scope does not cover the action."""

    title = "Forbidden"


class StoreUnavailable(GraphsvcError):
    """The graph database does not answer; try again later."""

    title = "Store unavailable"
    retry_after = 5


class NotReady(StoreUnavailable):
    """What the answer needs is still being built (by another process, for this one); try
    again in a few seconds."""

    title = "Not ready"
    retry_after = 2


class StoreBusy(StoreUnavailable):
    """Concurrent writes kept colliding in the database after retries; try again shortly."""

    title = "Store busy"
    retry_after = 2


class StoreError(GraphsvcError):
    """The graph database answered with an unexpected error."""

    title = "Store error"
