"""Pieces of work in forked child processes (`writers.in_parallel`): the same results as in this process,
a failing or dying child's piece done again here, and no fork where it is not safe (another thread alive)."""
from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from dvht_batch.output.lock import pid_alive
from dvht_batch.writers import in_parallel
from builders import kill_and_wait_for

from dvht_batch.writers.in_parallel import Pieces

pytestmark = [pytest.mark.fresh_process,
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forking is used on Linux")]


def square_with_pid(i: int) -> tuple[int, int]:
    return i * i, os.getpid()


def test_pieces_run_in_children_and_come_back_in_order():
    pieces = Pieces(square_with_pid, 3)
    assert pieces.forked == 3
    results = pieces.results()
    assert [r for r, _ in results] == [0, 1, 4]
    assert os.getpid() not in {pid for _, pid in results}


def test_without_parallel_or_with_another_thread_the_work_is_done_here():
    assert Pieces(square_with_pid, 2, parallel=False).forked == 0
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        pieces = Pieces(square_with_pid, 2)
        assert pieces.forked == 0  # a thread might hold a lock at the fork: not safe
        assert pieces.results() == [(0, os.getpid()), (1, os.getpid())]
    finally:
        stop.set()
        other.join()


def test_a_failing_piece_is_done_again_here_and_its_error_raised_here():
    parent = os.getpid()

    def fails_in_children(i: int) -> int:
        if os.getpid() != parent:
            raise OSError("only in the child")
        return i

    assert Pieces(fails_in_children, 2).results() == [0, 1]

    def always_fails(i: int) -> int:
        raise ValueError(f"piece {i}")

    with pytest.raises(ValueError, match="piece 0"):
        Pieces(always_fails, 2).results()


def test_a_killed_child_is_done_again_here(monkeypatch):
    monkeypatch.setattr(in_parallel, "_run_piece", lambda work, i, send: os._exit(9))
    pieces = Pieces(square_with_pid, 2)
    assert pieces.forked == 2
    assert pieces.results() == [(0, os.getpid()), (1, os.getpid())]


def test_when_no_process_can_be_started_the_rest_is_done_here(monkeypatch):
    started = []
    real_start = in_parallel.multiprocessing.get_context("fork").Process.start

    def start(self):
        if started:
            raise BlockingIOError(11, "Resource temporarily unavailable")  # fork(): EAGAIN
        started.append(self)
        real_start(self)

    monkeypatch.setattr(in_parallel.multiprocessing.get_context("fork").Process, "start", start)
    pieces = Pieces(square_with_pid, 3)
    assert pieces.forked == 1
    results = pieces.results()
    assert [r for r, _ in results] == [0, 1, 4]
    assert results[0][1] != os.getpid() and {pid for _, pid in results[1:]} == {os.getpid()}


def test_cancel_stops_the_children():
    pieces = Pieces(lambda i: threading.Event().wait(60), 2)
    children = [child for child, _ in pieces._children]
    pieces.cancel()
    assert all(not child.is_alive() for child in children)
    assert pieces.results() == []  # nothing left to collect


PIECES_THEN_KILLED = """
import os, sys, time
from dvht_batch.writers.in_parallel import Pieces

pieces = Pieces(lambda i: time.sleep(600), 2)  # children that would run for ten minutes
print(" ".join(str(child.pid) for child, _ in pieces._children), flush=True)
time.sleep(600)
"""


def test_children_end_when_the_run_is_killed():
    """A killed run (SIGKILL: no cleanup of its own) leaves no writing process behind."""
    parent = subprocess.Popen([sys.executable, "-c", PIECES_THEN_KILLED], stdout=subprocess.PIPE, text=True)
    children: list[int] = []
    try:
        children = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(children) == 2 and all(pid_alive(c) for c in children)
    finally:
        alive = kill_and_wait_for(parent, children)  # they check every half second
    assert alive == []
