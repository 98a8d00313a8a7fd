"""Checks on an .xlsx/.xlsm (a zip) before python-calamine opens it; see `safety` for the overview.

Each member is inflated from the bytes in memory, never beyond its declared size (small members in
one call, large ones in 1 MiB pieces), its CRC and size verified, its XML searched for `<!DOCTYPE` /
`<!ENTITY`. Worksheets are also measured: the highest row and column holding a value (`sheet_extent`:
a quick look at the cell tags, the exact walk through rows and cells when the look asks for it).
"""
from __future__ import annotations

import html
import posixpath
import re
import struct
import zipfile
import zlib
from functools import lru_cache
from io import BytesIO
from typing import Callable

from dvht_batch.intake.data_extent import EmptyTail, empty_tail
from dvht_batch.intake.safety_limits import (MAX_INDEX_PART, MAX_MEMBERS, MAX_RATIO, MAX_TOTAL_UNCOMPRESSED,
                                             RATIO_MIN_SIZE, Checked, Extent, Refused, corrupt, mb_text)
from dvht_batch.intake.sheet_extent import grow_exact
from dvht_batch.intake.sheet_extent import needs_exact_extent as _needs_exact_extent
# the quick look's parts under the names tests/intake/test_zip_checks.py gives them
from dvht_batch.intake.sheet_extent import CLASSES as _CLASSES, full_look as _full_look  # noqa: F401

_CHUNK = 1024 * 1024
_OVERLAP = 4096
_BINARY_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".bin", ".wdp"}
_INDEX_PARTS = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels"}

_DOCTYPE = re.compile(
    rb"<!\s*(?:doctype|entity)|<\x00!\x00[dDeE]\x00|\x00<\x00!\x00[dDeE]", re.IGNORECASE)


def check_zip(data: bytes, keep: Callable[[str], bool] | None = None) -> Checked:
    """The checks of an .xlsx/.xlsm; the XML of the sheets named `keep` is kept in the result (inflated once)."""
    try:
        zf = zipfile.ZipFile(BytesIO(data))
        infos = zf.infolist()
    except Exception:  # BadZipFile, truncated central directory, bad offsets…
        raise corrupt() from None
    with zf:
        check_sizes(infos)
        names = {i.filename for i in infos}
        if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
            raise Refused("zip-not-a-workbook")
        index: dict[str, bytes] = {}
        for info in infos:  # index parts first: they are parsed once scanned
            if info.filename in _INDEX_PARTS:
                scan_member(zf, data, info, measure=False, keep=index)
        sheet_parts = _sheet_parts(index, names)
        measured = set(sheet_parts.values())
        kept = {part for name, part in sheet_parts.items() if keep is not None and keep(name)}
        extents_by_part: dict[str, Extent] = {}
        xml: dict[str, bytes] = {}  # the kept worksheets' bytes and empty tails, for `data_extent`
        tails: dict[str, EmptyTail | None] = {}
        for info in infos:
            if info.is_dir() or info.filename in _INDEX_PARTS:
                continue
            measure = not measured or info.filename in measured or info.filename.startswith("xl/worksheets/")
            keep_it = info.filename in kept
            extents_by_part[info.filename] = scan_member(zf, data, info, measure, xml if keep_it else None,
                                                         tails if keep_it else None)
    checked = Checked("xlsx", entries=infos)
    for sheet, part in sheet_parts.items():
        checked.extents[sheet] = extents_by_part.get(part, Extent())
        if part in xml:
            checked.sheet_xml[sheet] = (part, xml[part], tails.get(part))
    for e in extents_by_part.values():
        checked.largest.grow(e.rows, e.cols)
    return checked


def check_sizes(infos: list[zipfile.ZipInfo]) -> None:
    """Refused: too many parts, a zip bomb, or encrypted. Shared with `ods_checks`, like the public ones below
    (and `safety_limits.corrupt`)."""
    if len(infos) > MAX_MEMBERS:
        raise Refused("zip-too-many-parts", count=len(infos), limit=MAX_MEMBERS)
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_TOTAL_UNCOMPRESSED or total > MAX_TOTAL_UNCOMPRESSED:
            raise _bomb(info.filename, max(info.file_size, total))
        if info.file_size > RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _bomb(info.filename, info.file_size, info.compress_size)
        if info.flag_bits & 0x1:
            raise Refused("encrypted")


def _bomb(name: str, size: int, packed: int | None = None) -> Refused:
    if packed is not None:
        return Refused("zip-bomb-ratio", part=name, size=mb_text(size), packed=mb_text(packed))
    return Refused("zip-bomb", part=name, size=mb_text(size))


# --------------------------------------------------------------------------- inflating


def member_pieces(zf: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo):
    """The member's uncompressed bytes: one piece when small, else pieces of at most _CHUNK.

    Never more than its declared size; CRC and size checked. Deflated and stored members are
    inflated straight from `data` (zipfile's reader costs more than the inflating for the small
    parts of a workbook).
    """
    if info.compress_type not in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED):
        return _other_compression(zf, info)
    packed = _packed(data, info)
    if packed is None:
        raise corrupt()
    if info.file_size <= _CHUNK:
        return (_inflate_whole(packed, info),)
    return _inflate_pieces(packed, info)


def _packed(data: bytes, info: zipfile.ZipInfo) -> memoryview | None:
    """The member's compressed bytes, found through its local header; None if they are not there."""
    start = info.header_offset
    if data[start:start + 4] != b"PK\x03\x04" or len(data) < start + 30:
        return None
    name_len, extra_len = struct.unpack_from("<HH", data, start + 26)
    begin = start + 30 + name_len + extra_len
    packed = memoryview(data)[begin:begin + info.compress_size]
    return packed if len(packed) == info.compress_size else None


def _inflate_whole(packed: memoryview, info: zipfile.ZipInfo) -> bytes:
    if info.compress_type == zipfile.ZIP_STORED:
        body = bytes(packed)
    else:
        inflater = zlib.decompressobj(-15)
        body = inflater.decompress(packed, info.file_size + 1)  # at most one byte beyond the declared size
        if len(body) > info.file_size:
            raise _bomb(info.filename, len(body))
        if not inflater.eof:
            raise corrupt()  # truncated deflate stream
    if len(body) != info.file_size or zlib.crc32(body) != info.CRC:
        raise corrupt()
    return body


def _inflate_pieces(packed: memoryview, info: zipfile.ZipInfo):
    crc = 0
    total = 0
    if info.compress_type == zipfile.ZIP_STORED:
        for i in range(0, len(packed), _CHUNK):
            chunk = bytes(packed[i:i + _CHUNK])
            total += len(chunk)
            crc = zlib.crc32(chunk, crc)
            yield chunk
    else:
        inflater = zlib.decompressobj(-15)
        pending: bytes | memoryview = packed
        while not inflater.eof:
            chunk = inflater.decompress(pending, _CHUNK)
            pending = inflater.unconsumed_tail
            if not chunk and not pending:
                break  # truncated deflate stream: the size/CRC check below refuses it
            total += len(chunk)
            if total > info.file_size:
                raise _bomb(info.filename, total)
            crc = zlib.crc32(chunk, crc)
            yield chunk
    if total != info.file_size or crc != info.CRC:
        raise corrupt()


def _other_compression(zf: zipfile.ZipFile, info: zipfile.ZipInfo):
    with zf.open(info) as member:  # bzip2/lzma (never from Excel); others raise → corrupt
        while chunk := member.read(_CHUNK):
            yield chunk


# --------------------------------------------------------------------------- scanning and measuring


def scan_member(zf: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo, measure: bool,
                 keep: dict[str, bytes] | None = None, tails: dict[str, EmptyTail | None] | None = None) -> Extent:
    """Refuse DOCTYPE/ENTITY; if `measure`, the extent of its cells; if `keep`, keep a small part's bytes.

    With `tails` (a worksheet of the form, kept whole), its empty rows at the end are found (`data_extent`) and
    recorded there; when their cells are all ordinary, the quick look reads only the rows before them (a
    clerk's form: 40 rows of data, 300 formatted empty rows), as calamine will (`data_extent.data_only`)."""
    whole = keep is not None and tails is not None and info.file_size <= MAX_INDEX_PART
    is_xml = _is_xml(info.filename)
    known = None if measure or keep is not None else _known_key(data, info, is_xml)
    if known is not None and known in _KNOWN_CLEAN:
        return Extent()
    extent = Extent()
    needs_exact = False
    tail = b""
    count = 0
    utf16 = False
    kept: list[bytes] = []
    try:
        for chunk in member_pieces(zf, data, info):
            if not count:
                utf16 = chunk[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in chunk[:4]
            count += len(chunk)
            if count > info.file_size:  # the inflaters stop at the declared size; belt and braces
                raise _bomb(info.filename, count)
            if keep is not None and info.file_size <= MAX_INDEX_PART:
                kept.append(chunk)
            if not is_xml:
                continue
            window = tail + chunk if tail else chunk
            if _declaration_possible(window) and _DOCTYPE.search(window):
                raise Refused("xml-doctype", part=info.filename)
            if measure and not needs_exact and not whole:
                needs_exact = utf16 or _needs_exact_extent(window)
            tail = window[-_OVERLAP:]
    except Refused:
        raise
    except Exception:  # bad CRC, bad deflate stream, unsupported compression…
        raise corrupt() from None
    if keep is not None and kept:
        keep[info.filename] = b"".join(kept)
    if whole and is_xml:  # a form's sheet: its empty tail found once, for the quick look and for calamine
        xml = keep.get(info.filename, b"")
        found = tails[info.filename] = empty_tail(xml)
        if measure:
            needs_exact = utf16 or _needs_exact_extent(_head(xml, found))
    if needs_exact:
        _grow_exact(zf, data, info, extent, utf16)
    if known is not None and len(_KNOWN_CLEAN) < _KNOWN_CLEAN_LIMIT:
        _KNOWN_CLEAN.add(known)
    return extent


def _head(xml: bytes, tail: EmptyTail | None) -> bytes:
    """What the quick look reads of a kept worksheet: the rows before its empty tail when every cell there is
    ordinary (it would find nothing in them), else the whole sheet."""
    return xml[:tail.at] if tail is not None and tail.ordinary else xml


def _grow_exact(zf: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo, extent: Extent, utf16: bool) -> None:
    """The exact walk through the sheet's rows and cells (`sheet_extent.grow_exact`), over its member
    inflated again."""
    grow_exact(member_pieces(zf, data, info), extent, utf16)


@lru_cache(maxsize=1024)  # the same few part names in every file
def _is_xml(name: str) -> bool:
    return posixpath.splitext(name)[1].lower() not in _BINARY_SUFFIXES


# Parts found clean in earlier files of the run, by their exact compressed bytes, declared size and
# CRC: the theme, styles and properties of files made from one template are the same bytes, and the
# same bytes inflate to the same (already checked) content. Bytes compare equal or it is no match.
_KNOWN_CLEAN: set[tuple[bytes, int, int, int, bool]] = set()
_KNOWN_CLEAN_LIMIT = 512
_KNOWN_MAX_PACKED = 16 * 1024  # at most 512 × 16 KiB kept


def _known_key(data: bytes, info: zipfile.ZipInfo, is_xml: bool) -> tuple[bytes, int, int, int, bool] | None:
    if info.compress_size > _KNOWN_MAX_PACKED or info.compress_type not in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED):
        return None
    packed = _packed(data, info)
    return None if packed is None else (bytes(packed), info.file_size, info.CRC, info.compress_type, is_xml)


def _declaration_possible(window: bytes) -> bool:
    """Is some "!" preceded by "<" (UTF-8) or by "<" and a zero byte (UTF-16)? Only then is the regular
    expression run: "!" is rare (one memchr per occurrence) while "<" is everywhere, and formulas such as
    `Danh_muc!$A$2` (every drop-down list of a template) put a few "!" in most sheets."""
    i = window.find(b"!", 1)
    while i > 0:
        before = window[i - 1]
        if before == 0x3C or (before == 0 and i > 1 and window[i - 2] == 0x3C):
            return True
        i = window.find(b"!", i + 1)
    return False


# --------------------------------------------------------------------------- sheet names → parts

_SHEET_EL = re.compile(rb"<(?:[\w.-]+:)?sheet\s([^>]*)>")
_REL_EL = re.compile(rb"<(?:[\w.-]+:)?Relationship\s([^>]*)>")
_ATTR = re.compile(rb"""([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _attrs(text: bytes) -> dict[str, str]:
    """Attributes of one tag, local names, entities unescaped (DOCTYPE already refused: no custom ones)."""
    found = {}
    for key, a, b in _ATTR.findall(text):
        value = (a or b).decode("utf-8", "replace")
        found[key.decode("utf-8", "replace").rsplit(":", 1)[-1]] = html.unescape(value) if "&" in value else value
    return found


def _sheet_parts(index: dict[str, bytes], names: set[str]) -> dict[str, str]:
    """Sheet name → worksheet part, from xl/workbook.xml and its relationships ({} if unreadable).

    Resolved the way calamine resolves them (no '..' normalisation), so both read the same part.
    """
    rels, workbook = index.get("xl/_rels/workbook.xml.rels"), index.get("xl/workbook.xml")
    if rels is None or workbook is None:
        return {}
    if len(rels) + len(workbook) > _INDEX_MEMO_MAX:
        return dict(_index_sheets.__wrapped__(rels, workbook, names))
    return dict(_index_sheets(rels, workbook, frozenset(names)))


_INDEX_MEMO_MAX = 64 * 1024


@lru_cache(maxsize=64)  # files made from one template have the same index parts: same bytes, same answer
def _index_sheets(rels: bytes, workbook: bytes, names: frozenset[str] | set[str]) -> tuple[tuple[str, str], ...]:
    targets = {}
    for m in _REL_EL.finditer(rels):
        rel = _attrs(m.group(1))
        target = rel.get("Target", "")
        if target.startswith("/"):
            target = target[1:]
        elif not target.startswith("xl/"):
            target = "xl/" + target
        targets[rel.get("Id")] = target
    parts = {}
    for m in _SHEET_EL.finditer(workbook):
        sheet = _attrs(m.group(1))
        target = targets.get(sheet.get("id"))
        if "name" in sheet and target in names:
            parts[sheet["name"]] = target
    return tuple(parts.items())
