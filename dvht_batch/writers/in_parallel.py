"""Pieces of work started now in forked child processes and collected later; done in this process where a
fork is not safe or possible.

A fork shares the parent's memory as it is (the run's records, sorted members, formats): nothing is
pickled on the way in, only each piece's result on the way back. Forking is used only on Linux and only
while this process runs a single thread: a thread holding a lock at the moment of the fork (a web
server's, a logging handler's) would leave the child stuck on it. Elsewhere — Windows, macOS, the web
app — and whenever a child fails (killed, out of memory, an error), the piece is done in this process
when collected, so a fault is reported the usual way and the result is the same. A child ends as soon
as its parent has (`child_processes.watch_parent`): a killed run leaves no process behind.
"""
from __future__ import annotations

import gc
import multiprocessing
from typing import Callable

from dvht_batch.system.child_processes import can_fork, watch_parent


class _Failed:
    """Sent by a child whose piece raised (pickled by name: the parent gets this very class)."""


FORK_FROM_MEMBERS = 4000  # below this a run is quick anyway, and child processes cost more than they save


def worth_forking(members: int) -> bool:
    return members >= FORK_FROM_MEMBERS


class Pieces:
    """`work(0)`, …, `work(count - 1)`: in child processes from now on when `parallel` and `can_fork()`."""

    def __init__(self, work: Callable[[int], object], count: int, parallel: bool = True):
        self._work = work
        self._count = count
        self._children: list = []
        if parallel and count and can_fork():
            context = multiprocessing.get_context("fork")
            for i in range(count):
                receive, send = context.Pipe(duplex=False)
                child = context.Process(target=_run_piece, args=(work, i, send), daemon=True)
                try:
                    child.start()
                except OSError:  # no more processes or memory for one: the rest is done here
                    receive.close()
                    break
                finally:
                    send.close()
                self._children.append((child, receive))

    @property
    def forked(self) -> int:
        """How many pieces run in child processes."""
        return len(self._children)

    def results(self) -> list:
        """Every piece's result, in order (waits for the children; does the rest here)."""
        results = [self._collect(i) for i in range(len(self._children))]
        self._children = []
        results += [self._work(i) for i in range(len(results), self._count)]
        return results

    def _collect(self, i: int):
        child, receive = self._children[i]
        try:
            value = receive.recv()
        except (EOFError, OSError):  # the child died before sending
            value = _Failed
        finally:
            receive.close()
            child.join()
        return self._work(i) if value is _Failed else value

    def cancel(self) -> None:
        """Stop the children still running: the work is no longer wanted (`results()` is then empty)."""
        for child, receive in self._children:
            child.terminate()
            child.join()
            receive.close()
        self._children = []
        self._count = 0


def _run_piece(work: Callable[[int], object], i: int, send) -> None:
    watch_parent()  # a killed run leaves no writing process behind
    gc.disable()  # a short-lived copy: a collection would only touch (and copy) the parent's pages
    try:
        value = work(i)
    except BaseException:
        value = _Failed  # the parent does the piece again and reports its fault
    send.send(value)
    send.close()
