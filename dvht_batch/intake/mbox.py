"""Messages of an .mbox file, found by their byte spans (`mmap.find`) without parsing them.

A reading unit is one span; the message's bytes are read (and `>From ` lines unescaped, mboxrd) by
the process that reads it, so a large .mbox is split across the reading pool like a folder of files.
"""
from __future__ import annotations

import mmap
import re
from datetime import datetime
from pathlib import Path
from typing import Iterator

MAX_MESSAGES = 20000                    # per mbox file (and Maildir folder)
MAX_MESSAGE_BYTES = 48 * 1024 * 1024    # larger than any mail server accepts (25–35 MB)


_FROM_ESCAPED = re.compile(rb"^>(>*From )", re.MULTILINE)


def mbox_spans(path: Path) -> Iterator[tuple[int, int, int, datetime | None]]:
    """(number from 1, start, end, date of the `From ` line) of each message of an mbox file.

    A message starts at a `From ` line that opens the file or follows a blank line; the bytes from
    start to end are the message without its `From ` line. Found with `mmap.find`, never reading
    the whole file into memory.
    """
    with path.open("rb") as f:
        try:
            view = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # an empty file cannot be mapped
            return
        with view:
            number, start, stamp = 0, 0, None
            for line_start in _separators(view):
                if number:
                    yield number, start, line_start, stamp
                if number >= MAX_MESSAGES:
                    return
                line_end = view.find(b"\n", line_start)
                line_end = len(view) if line_end == -1 else line_end + 1
                number, start = number + 1, line_end
                stamp = _from_line_date(view[line_start:min(line_end, line_start + 200)])
            if number:
                yield number, start, len(view), stamp


def _separators(view: mmap.mmap) -> Iterator[int]:
    """Offsets of the `From ` lines that open the file or follow a blank line."""
    if view[:5] == b"From ":
        yield 0
    pos = view.find(b"\nFrom ")
    while pos != -1:
        if pos == 0 or view[pos - 1] == 0x0A or (view[pos - 1] == 0x0D and (pos == 1 or view[pos - 2] == 0x0A)):
            yield pos + 1
        pos = view.find(b"\nFrom ", pos + 1)


_open_mbox: list = []  # [(path, file)]: the mbox being read, kept open from one message to the next


def mbox_message(path: Path, start: int, end: int) -> bytes:
    """One message of an mbox file, `>From ` lines unescaped (mboxrd). Call `close_mbox()` when done."""
    if not _open_mbox or _open_mbox[0][0] != path:
        close_mbox()
        _open_mbox.append((path, path.open("rb")))
    f = _open_mbox[0][1]
    f.seek(start)
    data = f.read(end - start)
    return _FROM_ESCAPED.sub(rb"\1", data) if b">From " in data else data


def close_mbox() -> None:
    while _open_mbox:
        _open_mbox.pop()[1].close()


def mbox_messages(path: Path) -> Iterator[tuple[int, bytes | None, int, datetime | None]]:
    """(number from 1, bytes or None when too large, size, date of the `From ` line) per message."""
    for number, start, end, stamp in mbox_spans(path):
        size = end - start
        yield number, (mbox_message(path, start, end) if size <= MAX_MESSAGE_BYTES else None), size, stamp
    close_mbox()


def _from_line_date(line: bytes) -> datetime | None:
    parts = line.decode("ascii", "replace").split(None, 2)
    if len(parts) < 3:
        return None
    try:
        return datetime.strptime(" ".join(parts[2].split()[:5]), "%a %b %d %H:%M:%S %Y")
    except ValueError:
        return None
