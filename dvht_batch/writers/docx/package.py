"""The .docx package written from deflated parts, without `zipfile`: the constant parts are deflated once.

Every document of a run has the same parts but two: word/document.xml (its text) and docProps/core.xml (its
title). The others — content types, relationships, styles, settings, fonts, headers, app.xml and the run's
custom.xml — are deflated once per process and run (`constant_entries`), kept as raw deflate bytes with their
CRC, and copied into each package; only the two data parts are deflated per document. The zip's records are
written here as `zipfile` writes them (the same deflate level given to both, versions, attributes, no data descriptor), so a
package is byte for byte the one `zipfile` makes of the same parts: `OfficialDocument.reference_bytes` keeps
that way as the reference, and tests/writers/test_docx_package.py holds the two equal.
"""
from __future__ import annotations

import struct
import sys
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from dvht_batch.writers import RUN_ID_PROPERTY
from dvht_batch.writers.atomic import atomic_write
from dvht_batch.writers.docx.ooxml import esc
from dvht_batch.writers.docx.template import static_parts, with_custom_properties

LEVEL = 1                  # zlib's fastest: a document 4.5 KB instead of 3.5 KB, deflated in a quarter of the time
VERSION = 20               # "version made by / needed to extract" zipfile writes for a deflated part
CREATE_SYSTEM = 0 if sys.platform == "win32" else 3
EXTERNAL_ATTR = 0o600 << 16
_LOCAL = struct.Struct("<4s2B4HL2L2H")      # zipfile.structFileHeader
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")  # zipfile.structCentralDir
_END = struct.Struct("<4s4H2LH")            # zipfile.structEndArchive


@dataclass(frozen=True)
class Entry:
    """One part of a package, deflated: its name, the CRC and size of its bytes, the raw deflate stream."""
    name: str
    crc: int
    size: int
    data: bytes


def deflated(name: str, pieces: Iterable[bytes]) -> Entry:
    """A part from its bytes, given in pieces (a large document.xml is never joined whole)."""
    squeeze = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    out, crc, size = [], 0, 0
    for piece in pieces:
        crc, size = zlib.crc32(piece, crc), size + len(piece)
        out.append(squeeze.compress(piece))
    out.append(squeeze.flush())
    return Entry(name, crc, size, b"".join(out))


@lru_cache(maxsize=4)
def constant_entries(run_id: str | None) -> tuple[Entry, tuple[Entry, ...]]:
    """The parts every document of a run shares, deflated once: the first (content types) and those after
    word/document.xml, in the package's order (the run's custom.xml among them when it has an id)."""
    parts = dict(static_parts())
    if run_id:
        parts.update(with_custom_properties(parts, {RUN_ID_PROPERTY: run_id}))
    first, *rest = (deflated(name, [data]) for name, data in parts.items())
    return first, tuple(rest)


def dos_date_time(date_time: Sequence[int]) -> tuple[int, int]:
    year, month, day, hour, minute, second = date_time[:6]
    return hour << 11 | minute << 5 | second // 2, (year - 1980) << 9 | month << 5 | day


def package_bytes(entries: Sequence[Entry], date_time: Sequence[int]) -> bytes:
    """The zip of `entries` in this order, every part dated `date_time`, as zipfile writes it."""
    time, date = dos_date_time(date_time)
    out, central, offset = [], [], 0
    for e in entries:
        name = e.name.encode("ascii")  # our part names: ascii, so no UTF-8 flag
        local = _LOCAL.pack(b"PK\x03\x04", VERSION, 0, 0, zlib.DEFLATED, time, date, e.crc, len(e.data), e.size,
                            len(name), 0) + name
        central.append(_CENTRAL.pack(b"PK\x01\x02", VERSION, CREATE_SYSTEM, VERSION, 0, 0, zlib.DEFLATED, time,
                                     date, e.crc, len(e.data), e.size, len(name), 0, 0, 0, 0, EXTERNAL_ATTR,
                                     offset) + name)
        out += (local, e.data)
        offset += len(local) + len(e.data)
    directory = b"".join(central)
    end = _END.pack(b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), offset, 0)
    return b"".join(out) + directory + end


def core_xml(title: str, created: datetime) -> str:
    """Core properties; `created`: the run's time (kept here, never printed in the signed text)."""
    now = created.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{esc(title)}</dc:title><dc:creator>dvht_batch</dc:creator>"
            "<cp:lastModifiedBy>dvht_batch</cp:lastModifiedBy><cp:revision>1</cp:revision>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified></cp:coreProperties>')


def write_bytes(path: Path, data: bytes) -> Path:
    """Write a package atomically (`writers.atomic`: a temporary file beside it, then os.replace)."""
    return atomic_write(path, lambda target: Path(target).write_bytes(data))
