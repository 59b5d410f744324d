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
