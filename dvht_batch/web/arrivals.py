"""The files of a period's input folder as the board lists them, each with the time it arrived.

A file's own saved time says when a department last edited it, not when it reached the office: an upload
keeps the browser's time of the file ("newest wins" falls back on it), a mail attachment the sender's. The
time it arrived in the folder is the later of its modification time and its status-change time (ctime: set
by the system whenever the file is written, linked or given a time, never settable by a program; on
Windows the creation time, which a copy also sets). A file is late when the latest run did not read it or
it arrived after that run.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from dvht_batch.web.board import files_read
from dvht_batch.intake.discover import find_inputs, relative_name
from dvht_batch.period import Period


@dataclass(frozen=True)
class InputFile:
    name: str          # relative to the input folder, as the run names it (non-UTF-8 bytes escaped)
    size: int
    arrived: datetime
    late: bool = False  # not in the latest run's result


def arrived_at(path: Path) -> float:
    st = path.stat()
    return max(st.st_mtime, st.st_ctime)


def _run_time(stamp: str | None) -> float | None:
    try:
        return datetime.fromisoformat(stamp).timestamp() if stamp else None
    except ValueError:
        return None


def input_files(folder: Path, out_root: Path, period: Period) -> list[InputFile]:
    """Every file the run would find in `folder`, late ones marked (none before the first run)."""
    if not folder.is_dir():
        return []
    read, stamp = files_read(out_root, period)
    ran = _run_time(stamp)
    found = []
    for path in find_inputs(folder).paths:
        try:
            when = arrived_at(path)
            size = path.stat().st_size if path.is_file() else 0
        except OSError:
            continue
        name = relative_name(path, folder)
        late = ran is not None and (name not in read or when >= ran + 1)  # the stamp keeps whole seconds
        found.append(InputFile(name, size, datetime.fromtimestamp(when), late))
    return found


__all__ = ["InputFile", "arrived_at", "input_files"]
