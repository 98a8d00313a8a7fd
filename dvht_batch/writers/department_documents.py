"""The departments' Word documents of a run, rendered on every core.

The departments are split into contiguous chunks, one per core; with many members (`worth_forking`) each chunk
is written by a forked child process (`writers.in_parallel.Pieces`) straight into the run's folder, and only
the paths come back (a few hundred bytes, not the documents). Meanwhile this process writes the unit's report.
Where a fork is not possible (off Linux, with other threads alive: the web app) and for a child that fails or
is killed, its chunk is written here when collected, over anything the child left (its temporary file is
removed), so the files and their order are those of the serial loop
(tests/test_department_documents_in_parallel.py).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Sequence

from dvht_batch.writers.in_parallel import Pieces, worth_forking

# write(department, path) -> path: one department's document (the writer decides what it says)
WriteOne = Callable[[object, Path], Path]


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def chunks(count: int, parts: int) -> list[range]:
    """`range(count)` in at most `parts` contiguous, nearly equal, non-empty ranges."""
    parts = max(1, min(parts, count))
    size, extra = divmod(count, parts)
    bounds = [0]
    for i in range(parts):
        bounds.append(bounds[-1] + size + (1 if i < extra else 0))
    return [range(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]


class DepartmentDocuments:
    """Started now (in children where worth it); `finish()` gives the paths in the departments' order."""

    def __init__(self, jobs: Sequence[tuple[object, Path]], write: WriteOne, members: int):
        self._jobs, self._write = list(jobs), write
        self._chunks = chunks(len(self._jobs), cores())
        parallel = worth_forking(members) and len(self._chunks) > 1
        self._pieces = Pieces(self._write_chunk, len(self._chunks), parallel)

    @property
    def forked(self) -> int:
        """How many chunks are written in child processes."""
        return self._pieces.forked

    def _write_chunk(self, i: int) -> list[Path]:
        return [self._write(department, path) for department, path in (self._jobs[j] for j in self._chunks[i])]

    def finish(self) -> list[Path]:
        forked = self.forked
        paths = [path for chunk in self._pieces.results() for path in chunk]
        if forked:  # a child killed while writing leaves its temporary file (`atomic`) in the run's folder
            for folder in {path.parent for _, path in self._jobs}:
                for stray in folder.glob(".*.tmp.docx"):
                    stray.unlink(missing_ok=True)
        return paths

    def cancel(self) -> None:
        """Stop the children still writing (the run failed)."""
        self._pieces.cancel()
