"""A zip package written again entry by entry: most entries copied as they are (compressed bytes untouched),
some replaced by new data. Used to put rows into a written workbook (`writers.zip_splice`) and to give
python-calamine a clerk's workbook without its trailing empty rows (`intake.data_extent`).

Sizes stay below the 4 GiB of a zip without Zip64; a larger entry, or a name that is not ASCII, is refused
with ValueError rather than written wrong.
"""
from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

_LIMIT = 0xFFFFFFFF
_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")


@dataclass(frozen=True)
class Entry:
    """New content for an entry: its bytes as stored in the zip, how they are compressed, and the CRC-32 and
    size of the uncompressed content."""
    data: bytes
    method: int
    crc: int
    size: int


def write_package(package: bytes, infos: list[zipfile.ZipInfo], out: BinaryIO, replaced: dict[str, Entry]) -> None:
    """Write the entries `infos` of `package` (a zip's bytes) to `out` in their order, those named in `replaced`
    with their new content, the others copied as they are; then the central directory."""
    central, offset = [], 0
    for info in infos:
        new = replaced.get(info.filename)
        if new is None:
            new = Entry(stored_data(package, info), info.compress_type, info.CRC, info.file_size)
        central.append(_write_entry(out, info, new, offset))
        offset += _LOCAL.size + len(info.filename) + len(new.data)
    directory = b"".join(central)
    out.write(directory)
    out.write(_END.pack(0x06054B50, 0, 0, len(central), len(central), len(directory), offset, 0))


def _write_entry(out: BinaryIO, info: zipfile.ZipInfo, new: Entry, offset: int) -> bytes:
    """Write an entry's local header and data; return its central directory record."""
    if max(len(new.data), new.size, offset) >= _LIMIT:
        raise ValueError(f"{info.filename}: too large for a zip without Zip64")
    name = info.filename.encode("ascii")
    flags = info.flag_bits & ~0x08  # sizes are in the local header: no data descriptor
    dos_time = info.date_time[3] << 11 | info.date_time[4] << 5 | info.date_time[5] // 2
    dos_date = (info.date_time[0] - 1980) << 9 | info.date_time[1] << 5 | info.date_time[2]
    out.write(_LOCAL.pack(0x04034B50, info.extract_version, flags, new.method, dos_time, dos_date, new.crc,
                          len(new.data), new.size, len(name), 0))
    out.write(name)
    out.write(new.data)
    return _CENTRAL.pack(0x02014B50, info.create_system << 8 | info.create_version, info.extract_version, flags,
                         new.method, dos_time, dos_date, new.crc, len(new.data), new.size, len(name), 0, 0, 0,
                         info.internal_attr, info.external_attr, offset) + name


def stored_data(package: bytes, info: zipfile.ZipInfo) -> bytes:
    """An entry's compressed bytes as they are in the package (after its local header)."""
    start = info.header_offset
    name_len, extra_len = struct.unpack_from("<HH", package, start + 26)
    begin = start + 30 + name_len + extra_len
    return package[begin:begin + info.compress_size]
