"""Checks on an .xlsx/.xlsm (a zip) before python-calamine opens it; see `safety` for the overview.

Each member is inflated from the bytes in memory, never beyond its declared size (small members in
one call, large ones in 1 MiB pieces), its CRC and size verified, its XML searched for `<!DOCTYPE` /
`<!ENTITY`. Worksheets are also measured: the highest row and column holding a value. A quick look
at the cell tags decides whether the sheet is ordinary (every tag written `<c r="B7"…`, columns up
to GR, rows up to 9999: nothing to measure) or needs the exact walk through its rows and cells.
"""
from __future__ import annotations

import codecs
import html
import posixpath
import re
import struct
import zipfile
import zlib
from functools import lru_cache
from io import BytesIO
from typing import Callable

from dvht_batch.intake.safety_limits import (MAX_INDEX_PART, MAX_MEMBERS, MAX_RATIO, MAX_TOTAL_UNCOMPRESSED,
                                             RATIO_MIN_SIZE, Checked, Extent, Refused, mb_text)

_CHUNK = 1024 * 1024
_OVERLAP = 4096
_BINARY_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".bin", ".wdp"}
_INDEX_PARTS = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels"}

_DOCTYPE = re.compile(
    rb"<!\s*(?:doctype|entity)|<\x00!\x00[dDeE]\x00|\x00<\x00!\x00[dDeE]", re.IGNORECASE)
_NS = rb"(?:[A-Za-z_][\w.-]*:)?"
# A row or cell tag; when `r` is its first attribute it is captured here (letters and digits apart when it
# is a plain reference), else the attributes are searched for it. Groups: closing, tag, first `r` whole,
# letters, digits, other value, the remaining attributes, self-closing.
_TOKEN = re.compile(rb"<(/?)" + _NS + rb"(row|c)(\s+r\s*=\s*[\"'](?:([A-Za-z]+)(\d+)|([^\"']*))[\"'])?"
                    rb"(\s[^>]*?)?(/?)>")
_R_ATTR = re.compile(rb"\sr\s*=\s*[\"']([^\"']*)[\"']")
_REF = re.compile(rb"([A-Za-z]+)(\d+)")  # any length: calamine turns 8 letters or 12 digits into a huge cell

# The quick look works on a copy of the XML with capitals, digits and separators folded into classes
# (one `bytes.translate`), then a few literal searches: ~2× faster than a regular expression that
# stops at every cell, and it sees `<c\tr=`, `<c/>` and `<x:c …>` the same way as `<c r=`.
_CLASSES = bytearray(range(256))
for _ch in range(ord("A"), ord("Z") + 1):
    _CLASSES[_ch] = ord("A")
for _ch in range(ord("0"), ord("9") + 1):
    _CLASSES[_ch] = ord("0")
for _ch in b"\t\n\r>/":
    _CLASSES[_ch] = ord(" ")               # `<c>`, `<c/>`, `<c\tr=`: all cell tags
_CLASSES[ord(":")] = ord("<")             # a prefixed `<x:c …>` is a cell tag too
_CLASSES = bytes(_CLASSES)
_FAR_TWO_LETTER_COLUMN = re.compile(rb'[<:]c\sr="(?:[H-Z][A-Z]|G[S-Z])')  # beyond GR (column 200)
# A cell tag other than `<c r="B7"` with one letter and at most four digits (in the folded copy): only
# then do the slower tests below run (two-letter columns, other spellings); they alone decide.
_UNUSUAL_CELL = re.compile(rb'<c (?:(?!r="A0)|r="A00000)')


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
        xml: dict[str, bytes] = {}  # the kept worksheets' bytes, for `data_extent`
        for info in infos:
            if info.is_dir() or info.filename in _INDEX_PARTS:
                continue
            measure = not measured or info.filename in measured or info.filename.startswith("xl/worksheets/")
            extents_by_part[info.filename] = scan_member(zf, data, info, measure, xml if info.filename in kept else None)
    checked = Checked("xlsx", entries=infos)
    for sheet, part in sheet_parts.items():
        checked.extents[sheet] = extents_by_part.get(part, Extent())
        if part in xml:
            checked.sheet_xml[sheet] = (part, xml[part])
    for e in extents_by_part.values():
        checked.largest.grow(e.rows, e.cols)
    return checked


def check_sizes(infos: list[zipfile.ZipInfo]) -> None:
    """Refused: too many parts, a zip bomb, or encrypted. Shared with `ods_checks`, like the public ones below."""
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


def corrupt() -> Refused:  # what a damaged zip is refused with
    return Refused("corrupt-zip")


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
                 keep: dict[str, bytes] | None = None) -> Extent:
    """Refuse DOCTYPE/ENTITY; if `measure`, the extent of its cells; if `keep`, keep a small part's bytes."""
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
            if measure and not needs_exact:
                needs_exact = utf16 or _needs_exact_extent(window)
            tail = window[-_OVERLAP:]
    except Refused:
        raise
    except Exception:  # bad CRC, bad deflate stream, unsupported compression…
        raise corrupt() from None
    if keep is not None and kept:
        keep[info.filename] = b"".join(kept)
    if needs_exact:
        _grow_exact(zf, data, info, extent, utf16)
    if known is not None and len(_KNOWN_CLEAN) < _KNOWN_CLEAN_LIMIT:
        _KNOWN_CLEAN.add(known)
    return extent


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


def _needs_exact_extent(window: bytes) -> bool:
    """False when every cell tag is written `<c r="B7"` (Excel's way) with a column up to GR and a row
    up to 9999: such a sheet cannot be too large. True sends the sheet through `_grow_exact`."""
    t = window.translate(_CLASSES)
    if _UNUSUAL_CELL.search(t) is None:
        return False  # the usual sheet, in one pass: every tag `<c r="B7"`, one letter, at most four digits
    return _full_look(window, t)


def _full_look(window: bytes, t: bytes) -> bool:
    """`_needs_exact_extent` without its one-pass shortcut (`t` is the folded copy of `window`); the
    shortcut answers False only where this does (tests/intake/test_zip_checks.py)."""
    if t.count(b"<c ") != t.count(b'<c r="A'):
        return True  # a cell without `r`, `r` not first, other quotes or spacing, lowercase, an entity
    # A row beyond 9999 shows only in a cell reference (column widths such as "9.140625" are not rows).
    if b'<c r="AA' not in t:
        return b'<c r="A00000' in t  # one-letter columns only
    return (b'<c r="A00000' in t or b'<c r="AA00000' in t or b'<c r="AAA' in t
            or _FAR_TWO_LETTER_COLUMN.search(window) is not None)  # beyond ZZ, beyond GR


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ch - 64)
    return n


_COLUMNS = {bytes([a]): a - 64 for a in range(65, 91)}
_COLUMNS.update({bytes([a, b]): (a - 64) * 26 + b - 64 for a in range(65, 91) for b in range(65, 91)})


def _grow_exact(zf: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo, extent: Extent, utf16: bool) -> None:
    """Follow rows and cells in order, placing cells without `r` as calamine does (one after another).

    Self-closing cells (a clerk's formatted empty cells) hold no value: they move the position only.
    """
    row, col = -1, -1
    rows, cols = extent.rows, extent.cols
    columns = _COLUMNS
    carry = b""
    decoder = codecs.getincrementaldecoder("utf-16")("replace") if utf16 else None
    for chunk in member_pieces(zf, data, info):
        if decoder is not None:
            chunk = decoder.decode(chunk).encode("utf-8", "replace")
        window = carry + chunk
        cut = window.rfind(b"<")
        if cut < 0:
            carry = b""
            continue
        for closing, tag, first_r, letters, digits, other, attrs, empty in _TOKEN.findall(window, 0, cut):
            if closing:
                continue
            if not first_r and attrs:  # `r` not first: search the attributes for it
                r = _R_ATTR.search(attrs)
                if r is not None:
                    first_r = True
                    ref = _REF.fullmatch(r.group(1))
                    letters, digits = ref.groups() if ref else (b"", b"")
                    other = r.group(1)
            if tag == b"row":
                row = int(other) - 1 if first_r and other.isdigit() else row + 1
                col = -1
                continue
            if letters:
                row, col = int(digits) - 1, (columns.get(letters) or _col_number(letters)) - 1
            else:
                col += 1
            if not empty:
                if row >= rows or not rows:
                    rows = max(row, 0) + 1
                if col >= cols:
                    cols = col + 1
        carry = window[cut:]
        if len(carry) > _CHUNK:
            raise corrupt()
    extent.grow(rows, cols)


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
