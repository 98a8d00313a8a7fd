"""OLE compound files: Excel 97–2003 workbooks (.xls) and password-protected Office files.

An encrypted .xlsx is not a zip but an OLE container (EncryptionInfo + EncryptedPackage); an
encrypted .xls carries a FILEPASS record. Both are refused with "tệp có mật khẩu". For a real .xls,
the BIFF records are walked to measure each sheet's extent before calamine allocates it.
"""
from __future__ import annotations

import io
import struct
from collections.abc import Iterator

from dvht_batch.intake.safety_limits import MAX_FILE_BYTES, Checked, Extent, Refused


def _is_encrypted_by_msoffcrypto(data: bytes) -> bool:
    try:
        import msoffcrypto

        return bool(msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted())
    except Exception:  # not a format msoffcrypto knows, or broken: the stream checks below decide
        return False


def check_ole(data: bytes, suffix: str) -> Checked:
    import olefile

    if _is_encrypted_by_msoffcrypto(data):
        raise Refused("encrypted")
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception:
        raise Refused("xls-corrupt") from None
    try:
        if ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage"):
            raise Refused("encrypted")
        name = "Workbook" if ole.exists("Workbook") else "Book" if ole.exists("Book") else None
        if name is None:
            raise Refused("ole-not-a-workbook")
        if suffix in (".xlsx", ".xlsm"):
            raise Refused("xls-renamed", suffix=suffix)
        try:
            stream = ole.openstream(name).read(MAX_FILE_BYTES + 1)
        except Exception:
            raise Refused("xls-corrupt") from None
    finally:
        ole.close()
    extents, encrypted = _scan_biff(stream)
    if encrypted:
        raise Refused("encrypted")
    checked = Checked("xls", extents)
    for e in extents.values():
        checked.largest.grow(e.rows, e.cols)
    return checked


BIFF_BOF, BIFF_EOF, BIFF_BOUNDSHEET = 0x0809, 0x000A, 0x0085
_BIFF_FILEPASS = 0x002F
_BIFF_CELLS = {0x0006, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E, 0x00D6, 0x0406}  # row, col first
_BIFF_MULRK = 0x00BD


def biff_records(stream: bytes) -> Iterator[tuple[int, int, int, int]]:
    """The BIFF records of a workbook stream as (offset, record type, body offset, body length);
    the walk ends at a record cut short by the end of the stream."""
    pos, end = 0, len(stream)
    while pos + 4 <= end:
        rtype, length = struct.unpack_from("<HH", stream, pos)
        body = pos + 4
        if body + length > end:
            return
        yield pos, rtype, body, length
        pos = body + length


def boundsheet(stream: bytes, body: int, length: int) -> tuple[int, str]:
    """A BOUNDSHEET record (length ≥ 8): (offset of the sheet's BOF record, sheet name)."""
    (offset,) = struct.unpack_from("<I", stream, body)
    return offset, _boundsheet_name(stream[body + 6: body + length])


def _scan_biff(stream: bytes) -> tuple[dict[str, Extent], bool]:
    """Walk BIFF records: each sheet's extent (value cells only, as calamine) and FILEPASS."""
    by_offset: dict[int, Extent] = {}
    names: dict[int, str] = {}
    encrypted = False
    current: Extent | None = None
    for pos, rtype, body, length in biff_records(stream):
        if rtype == BIFF_BOF:
            current = by_offset.setdefault(pos, Extent())
        elif rtype == _BIFF_FILEPASS:
            encrypted = True
        elif rtype == BIFF_BOUNDSHEET and length >= 8:
            offset, name = boundsheet(stream, body, length)
            names[offset] = name
        elif current is not None and length >= 4 and (rtype in _BIFF_CELLS or rtype == _BIFF_MULRK):
            row, col = struct.unpack_from("<HH", stream, body)
            if rtype == _BIFF_MULRK and length >= 6:
                (col,) = struct.unpack_from("<H", stream, body + length - 2)
            current.grow(row + 1, col + 1)
    return {names[o]: e for o, e in by_offset.items() if o in names}, encrypted


def _boundsheet_name(raw: bytes) -> str:
    if len(raw) < 2:
        return ""
    cch, flag = raw[0], raw[1]
    if flag in (0, 1) and len(raw) >= 2 + cch * (2 if flag else 1):  # BIFF8: XLUnicodeString
        chars = raw[2: 2 + cch * (2 if flag else 1)]
        return chars.decode("utf-16-le" if flag else "latin-1", "replace")
    return raw[1: 1 + cch].decode("cp1252", "replace")  # BIFF5: byte string
