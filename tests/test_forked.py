"""Work in a forked child: its answer, its failures, and what it may not reach."""

from __future__ import annotations

import os
import socket
import time

import pytest

from graphsvc.errors import NotFound
from graphsvc.forked import ChildFailed, apart, in_child


def test_the_answer_comes_back_pickled_from_another_process():
    big = {"titles": [(str(i), i) for i in range(200_000)]}  # several pipe buffers' worth
    pid, answer = in_child(lambda: (os.getpid(), big))
    assert pid != os.getpid() and answer == big


def test_what_the_child_raises_is_told_as_text():
    with pytest.raises(ChildFailed, match=r"NotFound\('Unknown region 9'"):
        in_child(lambda: (_ for _ in ()).throw(NotFound("Unknown region 9")))


def test_a_child_that_dies_or_hangs_is_a_failure_and_a_hung_one_is_killed():
    with pytest.raises(ChildFailed, match="the child process died"):
        in_child(lambda: os._exit(1))
    started = time.monotonic()
    with pytest.raises(ChildFailed, match="did not answer within 0.5 s"):
        in_child(lambda: time.sleep(30), timeout=0.5)
    assert time.monotonic() - started < 10  # killed, and waited for


def test_the_child_holds_none_of_the_parents_connections():
    with socket.socket() as held:
        fd = held.fileno()

        def reach() -> bool:
            try:
                os.fstat(fd)
            except OSError:
                return False
            return True

        assert reach() and in_child(reach) is False


def test_apart_computes_here_when_the_child_fails_raising_the_error_itself():
    problems = [{"field": "region", "message": "Unknown region 9"}]

    def unknown_region():
        raise NotFound("Unknown region 9", problems=problems)

    with pytest.raises(NotFound) as raised:
        apart(unknown_region)
    assert raised.value.problems == problems
    assert apart(lambda: 6 * 7) == 42
