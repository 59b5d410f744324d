"""The cyclic garbage collector paused while many objects without cycles are made.

Reading a whole network and routing a batch each make millions of small containers and no
garbage cycles; the collector's passes over them cost more than the work itself.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_pauses = 0  # collector_paused blocks running (in any thread)
_was_enabled = True  # whether the collector was on before the first of them
_pausing = threading.Lock()


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off while the block runs (a whole network read and built: about
    13 s of 15 s of decoding CPU at national scale were the collector's; a batch routed).
    It is on again when the last of the blocks running in any thread ends (if it was on
    before the first).

    >>> with collector_paused():
    ...     gc.isenabled()
    False
    """
    global _pauses, _was_enabled
    with _pausing:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pausing:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()


#: The third generation's threshold that no allocation reaches (CPython counts the second
#: generation's collections against it).
NEVER = 2**31 - 1


def full_passes_in_background(*, every: float = 60.0,
                              stop: threading.Event | None = None) -> threading.Thread:
    """Take the cyclic collector's full passes off the request path: no allocation of any
    thread triggers one from now on (the young generations are still collected as usual), and
    a daemon thread runs one every ``every`` seconds instead.

    A server's long-lived objects are frozen out of the passes' reach (``gc.freeze``) but
    what its threads keep (caches, patched parts of the graph) is walked by every full pass:
    under a write storm a worker ran about one a second, of 10-100 ms, on whichever request's
    thread allocated at the time. No pass runs while :func:`collector_paused` holds the
    collector off (a whole network being read: a pass would walk its millions of new objects).
    Setting ``stop`` ends the thread and restores the threshold.
    """
    stop = stop or threading.Event()
    young, middle, old = gc.get_threshold()
    gc.set_threshold(young, middle, NEVER)

    def loop() -> None:
        try:
            while not stop.wait(every):
                if gc.isenabled():  # not while a thread makes millions of objects at once
                    gc.collect()
        finally:
            gc.set_threshold(young, middle, old)

    thread = threading.Thread(target=loop, name="full-collections", daemon=True)
    thread.start()
    return thread
