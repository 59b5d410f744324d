"""The cyclic collector: full passes in a thread of their own, none on an allocation's path."""

from __future__ import annotations

import gc
import threading
import time

from graphsvc.collector import NEVER, full_passes_in_background


def full_passes_while(allocating) -> list[str]:
    """The names of the threads that started a full collection while ``allocating()`` ran and
    for a moment after."""
    passes: list[str] = []

    def seen(phase: str, info: dict) -> None:
        if phase == "start" and info["generation"] == 2:
            passes.append(threading.current_thread().name)

    gc.callbacks.append(seen)
    try:
        allocating()
    finally:
        gc.callbacks.remove(seen)
    return passes


def keep_many_containers() -> None:
    """Enough long-lived containers that the default thresholds run full passes."""
    kept = [[i] for i in range(600_000)]
    assert len(kept) == 600_000


def test_without_it_an_allocation_runs_full_passes():  # what the next test takes away
    assert set(full_passes_while(keep_many_containers)) == {"MainThread"}


def test_full_passes_run_in_their_own_thread_and_no_allocation_triggers_one():
    before, stop = gc.get_threshold(), threading.Event()
    thread = full_passes_in_background(every=0.05, stop=stop)
    try:
        assert gc.get_threshold() == (before[0], before[1], NEVER)

        def allocating_then_waiting() -> None:
            keep_many_containers()
            time.sleep(0.3)  # the background thread's passes

        assert set(full_passes_while(allocating_then_waiting)) == {"full-collections"}
    finally:
        stop.set()
        thread.join(5)
    assert gc.get_threshold() == before


def test_no_full_pass_runs_while_the_collector_is_paused():
    from graphsvc.collector import collector_paused

    stop = threading.Event()
    with collector_paused():
        thread = full_passes_in_background(every=0.02, stop=stop)
        try:
            assert full_passes_while(lambda: time.sleep(0.3)) == []
        finally:
            stop.set()
            thread.join(5)
