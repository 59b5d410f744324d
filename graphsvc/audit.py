"""Who is writing: the writer of the current request or command, for the holdings write log.

The web layer (or a command) declares the writer with :func:`acting_as` around a write; the
store records :func:`writer` with every holdings write, in the write's own transaction.
Without a declaration the writer is ``{"role": "local"}`` (the command line, or a server
running without tokens).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_WRITER: ContextVar[dict | None] = ContextVar("graphsvc_writer", default=None)


@contextmanager
def acting_as(role: str, token_id: str | None = None) -> Iterator[None]:
    """Declare the writer (a token's role and id) for the writes inside the block.

    >>> with acting_as("subcoordinator", "0123456789ab"):
    ...     writer()
    {'role': 'subcoordinator', 'token_id': '0123456789ab'}
    >>> writer()
    {'role': 'local'}
    """
    reset = _WRITER.set({"role": role, "token_id": token_id} if token_id else {"role": role})
    try:
        yield
    finally:
        _WRITER.reset(reset)


def writer() -> dict:
    """The declared writer, or ``{"role": "local"}``."""
    return dict(_WRITER.get() or {"role": "local"})
