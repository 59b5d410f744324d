"""Work done in a forked child process, so that the pages it reads stay shared.

CPython writes an object's reference count whenever the object is read, so a process that
walks a whole network (pickling it for a snapshot, a coverage summary of every library and
title) makes each page it touches a copy of its own. In gunicorn's master that would copy the
graph the workers share; in a worker, a summary of the whole network made 96-151 MB its own,
and the master then forked the workers anew (a latency spike for every client). A child
forked for the work makes those copies instead, and they go with it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import time
from collections.abc import Callable
from typing import TypeVar

from graphsvc.errors import GraphsvcError

T = TypeVar("T")
_ANSWER, _FAILED = b"+", b"!"


class ChildFailed(GraphsvcError):
    """The work raised in the child, or the child died or ran out of time; the message says
    which (the child's exception as text)."""


def in_child(compute: Callable[[], T], *, timeout: float | None = None) -> T:
    """``compute()`` in a child forked from this process; its answer, pickled back.

    The calling thread waits (the process's other threads run on). The child keeps only the
    pipe of its file descriptors (no listening socket, connection or database session of the
    parent) and logs nothing (a logging lock may be held by a thread the child does not
    have); ``compute`` should only read what the parent holds in memory.

    Raises
    ------
    ChildFailed
        ``compute`` raised (its exception as text), the child died before it answered, or
        it did not answer within ``timeout`` seconds (then it is killed).

    Examples
    --------
    >>> in_child(lambda: os.getpid()) != os.getpid()
    True
    >>> in_child(lambda: 1 / 0)
    Traceback (most recent call last):
    graphsvc.forked.ChildFailed: ZeroDivisionError('division by zero')
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        _answer_and_exit(compute, read_end, write_end)
    os.close(write_end)
    try:
        answer = _read_all(read_end, timeout)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        msg = f"the child process did not answer within {timeout} s"
        raise ChildFailed(msg) from None
    finally:
        os.close(read_end)
        with contextlib.suppress(ChildProcessError):  # gunicorn's arbiter may have reaped it
            os.waitpid(pid, 0)
    if answer[:1] == _ANSWER:
        return pickle.loads(answer[1:])
    raise ChildFailed(answer[1:].decode(errors="replace") or "the child process died")


def apart(compute: Callable[[], T], *, timeout: float | None = None) -> T:
    """:func:`in_child`, or ``compute()`` in this process when the child fails: the same
    answer, or the error ``compute`` raises, as it is (with its problems, say).

    >>> apart(lambda: os.getpid()) != os.getpid()
    True
    >>> apart(lambda: int("x"))
    Traceback (most recent call last):
    ValueError: invalid literal for int() with base 10: 'x'
    """
    try:
        return in_child(compute, timeout=timeout)
    except ChildFailed:
        return compute()


def _answer_and_exit(compute: Callable, read_end: int, write_end: int) -> None:
    """The child: compute, write the answer, exit (never returns)."""
    answer = _FAILED
    try:
        for low, high in ((3, min(read_end, write_end)),
                          (max(read_end, write_end) + 1, 65536)):
            os.closerange(low, high)  # listening sockets, connections: not the child's
        answer = _ANSWER + pickle.dumps(compute(), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException as exc:  # noqa: BLE001 (told to the parent)
        answer = _FAILED + repr(exc).encode(errors="replace")[:1000]
    finally:
        with contextlib.suppress(OSError):
            view = memoryview(answer)
            while view:
                view = view[os.write(write_end, view):]
        os._exit(0)  # never 3 or 4: gunicorn reads those as a worker's boot failure


def _read_all(fd: int, timeout: float | None) -> bytes:
    """Everything written to ``fd`` until its writer closed it; :class:`TimeoutError` when
    that takes longer than ``timeout`` seconds."""
    deadline = None if timeout is None else time.monotonic() + timeout
    chunks = []
    while True:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
