"""Checks on a workbook's bytes before python-calamine touches them (hostile or broken files).

Everything here works on bytes already in memory, in bounded time and memory, and raises
`Refused(code, message)` with a Vietnamese message for the clerk. What is checked:

- empty file, oversized file, neither a zip (.xlsx/.xlsm) nor an OLE file (.xls);
- OLE: password-protected (encrypted OOXML, or an .xls with a FILEPASS record), not Excel at all,
  an .xls renamed .xlsx;
- zip: member count, each declared uncompressed size, the total, the compression ratio
  ("decompression bomb"); every member is then streamed (never more than its declared size: both
  zipfile and calamine's zip reader refuse data beyond it) and its XML scanned for `<!DOCTYPE` /
  `<!ENTITY` (refused; entities are never resolved);
- the extent of every worksheet (highest row and column holding a value), so that a sheet such as
  A1 + XFD1048576 is refused here: calamine allocates rows × columns cells at once and aborts the
  whole process when that allocation fails.
"""
from __future__ import annotations

import codecs
import html
import io
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field

from dvht_batch.intake.cells import col_letters

MiB = 1024 * 1024
MAX_FILE_BYTES = 64 * MiB              # a department's workbook is a few hundred KB
MAX_MEMBERS = 2000
MAX_TOTAL_UNCOMPRESSED = 100 * MiB
MAX_RATIO = 200                         # refused when also larger than RATIO_MIN_SIZE
RATIO_MIN_SIZE = 10 * MiB
MAX_INDEX_PART = 10 * MiB               # xl/workbook.xml and its rels are parsed whole

MAX_ROWS = 50_000
MAX_COLS = 200
MAX_CELLS = 2_000_000                   # rows × columns (calamine allocates ~32 bytes per cell)

_CHUNK = 1 * MiB
_OVERLAP = 4096
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BINARY_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".bin", ".wdp"}

HOW_TO_RESAVE = "Hãy mở tệp bằng Excel, chọn Lưu thành (Save As) dạng Excel Workbook (.xlsx) rồi gửi lại."


class Refused(Exception):
    """The file is not read; `message` says why, in Vietnamese."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Extent:
    rows: int = 0   # highest 1-based row number holding a value
    cols: int = 0   # highest 1-based column number holding a value

    def grow(self, row: int, col: int) -> None:
        if row > self.rows:
            self.rows = row
        if col > self.cols:
            self.cols = col


@dataclass
class Checked:
    """What the checks learned: the format and each worksheet's extent by sheet name."""

    format: str                                           # "xlsx" | "xls"
    extents: dict[str, Extent] = field(default_factory=dict)
    largest: Extent = field(default_factory=Extent)       # over all worksheets (for unmapped names)

    def extent(self, sheet_name: str) -> Extent:
        return self.extents.get(sheet_name, self.largest)


def _mb(n: int) -> str:
    return f"{n / MiB:,.1f}".replace(",", " ").replace(".", ",") + " MB"


def check_size(size: int) -> None:
    if size == 0:
        raise Refused("empty-file", "Tệp rỗng (0 byte): tệp bị lỗi khi gửi hoặc tải về chưa xong. Hãy gửi lại tệp.")
    if size > MAX_FILE_BYTES:
        raise Refused("file-too-large", f"Tệp quá lớn ({_mb(size)}; tối đa {_mb(MAX_FILE_BYTES)}) so với một bảng kê "
                                        "thành viên. Hãy kiểm tra đúng tệp, xóa ảnh hoặc trang thừa rồi gửi lại.")


def check_workbook_bytes(data: bytes, suffix: str) -> Checked:
    """Raise `Refused` unless `data` is a workbook calamine may safely open; `suffix` like '.xlsx'."""
    check_size(len(data))
    suffix = suffix.lower()
    if data.startswith(_OLE_MAGIC):
        from dvht_batch.intake.ole import check_ole  # imports safety: import here, not at the top

        return check_ole(data, suffix)
    if data[:2] == b"PK":
        if suffix == ".xls":
            raise Refused("wrong-extension", "Tệp có đuôi .xls nhưng thực chất là tệp .xlsx: hãy đổi đuôi tệp thành "
                                              ".xlsx (hoặc mở bằng Excel và lưu lại) rồi gửi lại.")
        return _check_zip(data)
    if suffix == ".xls":
        raise Refused("not-a-workbook", "Tệp không phải tệp Excel .xls thật (có thể là tệp khác bị đổi đuôi, hoặc "
                                         "tải về chưa trọn vẹn). " + HOW_TO_RESAVE)
    raise Refused("not-a-zip", "Tệp không phải tệp .xlsx thật (có thể là tệp khác bị đổi đuôi, tệp khóa của Excel, "
                               "hoặc tải về chưa trọn vẹn). " + HOW_TO_RESAVE)


ENCRYPTED_MESSAGE = ("Tệp có mật khẩu, hãy bỏ mật khẩu rồi gửi lại (trong Excel: Tệp › Thông tin › Bảo vệ sổ làm "
                     "việc › Mã hóa bằng mật khẩu, xóa mật khẩu, lưu lại).")


# --------------------------------------------------------------------------- zip (.xlsx, .xlsm)

_DOCTYPE = re.compile(
    rb"<!\s*(?:doctype|entity)|<\x00!\x00[dDeE]\x00|\x00<\x00!\x00[dDeE]", re.IGNORECASE)
_NS = rb"(?:[A-Za-z_][\w.-]*:)?"
# Fast prefilters (a literal first character keeps the regex scan fast). Cells are parsed one by one
# only when a reference lies beyond column GA or row 9999, or when `r` is written unusually.
_BIG_REF = re.compile(rb'<c r="(?:[A-Z]{3}|[H-Z][A-Z]|G[S-Z]|[A-Z]{1,2}\d{5}|[a-z])')  # > GR, > 9999, lowercase
_ODD_CELL = re.compile(rb"<c[>/\t\n\r]")
_ODD_PREFIXED_CELL = re.compile(rb":c[ >/\t\n\r]")
_CELL_TAG = re.compile(rb"<" + _NS + rb"c(\s[^>]*?)?(/?)>")
_R_ATTR = re.compile(rb"\sr\s*=\s*[\"']([^\"']*)[\"']")
_REF = re.compile(rb"([A-Za-z]{1,4})(\d{1,9})")
_INDEX_PARTS = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels"}
_TOKEN = re.compile(rb"<(/?)" + _NS + rb"(row|c)(\s[^>]*?)?(/?)>")


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ch - 64)
    return n


def _bomb(name: str, size: int, packed: int | None = None) -> Refused:
    source = f" từ {_mb(packed)} dữ liệu nén" if packed is not None else ""
    return Refused("zip-bomb", f"Tệp bị từ chối vì nghi là \"bom giải nén\" (decompression bomb): phần \"{name}\" "
                               f"bung ra tới {_mb(size)}{source}. Một bảng kê thật chỉ vài trăm KB; hãy tạo lại tệp "
                               "từ mẫu rồi gửi lại.")


def _corrupt() -> Refused:
    return Refused("corrupt-zip", "Tệp bị hỏng hoặc tải về chưa trọn vẹn (cấu trúc nén không đọc được): không phải "
                                  "tệp .xlsx thật. Hãy gửi lại tệp gốc, hoặc mở bằng Excel và lưu lại thành .xlsx.")


def _check_zip(data: bytes) -> Checked:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except Exception:  # BadZipFile, truncated central directory, bad offsets…
        raise _corrupt() from None
    with zf:
        if len(infos) > MAX_MEMBERS:
            raise Refused("zip-bomb", f"Tệp có {len(infos)} phần nén bên trong (tối đa {MAX_MEMBERS}): không phải "
                                      "bảng kê bình thường. Hãy tạo lại tệp từ mẫu rồi gửi lại.")
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > MAX_TOTAL_UNCOMPRESSED or total > MAX_TOTAL_UNCOMPRESSED:
                raise _bomb(info.filename, max(info.file_size, total))
            if info.file_size > RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise _bomb(info.filename, info.file_size, info.compress_size)
            if info.flag_bits & 0x1:
                raise Refused("encrypted", ENCRYPTED_MESSAGE)
        names = {i.filename for i in infos}
        if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
            raise Refused("not-a-workbook", "Tệp nén này không phải sổ tính Excel (có thể là tệp Word, PowerPoint hoặc "
                                             "tệp nén khác bị đổi đuôi). " + HOW_TO_RESAVE)
        extents_by_part: dict[str, Extent] = {}
        for info in infos:  # index parts first: they are parsed (defusedxml) once scanned
            if info.filename in _INDEX_PARTS:
                _scan_member(zf, data, info, measure=False)
        sheet_parts = _sheet_parts(zf, names)
        measured = set(sheet_parts.values())
        for info in infos:
            if info.is_dir() or info.filename in _INDEX_PARTS:
                continue
            measure = not measured or info.filename in measured or info.filename.startswith("xl/worksheets/")
            extents_by_part[info.filename] = _scan_member(zf, data, info, measure)
    checked = Checked("xlsx")
    for sheet, part in sheet_parts.items():
        checked.extents[sheet] = extents_by_part.get(part, Extent())
    for e in extents_by_part.values():
        checked.largest.grow(e.rows, e.cols)
    return checked


def _chunks(zf: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo):
    """The member's uncompressed bytes in chunks of at most _CHUNK, never more than its declared size.

    Deflated and stored members are inflated straight from `data` (zipfile's reader costs more than
    the inflating for the small parts of a workbook); CRC and size are checked at the end.
    """
    if info.compress_type not in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED):
        with zf.open(info) as member:  # bzip2/lzma (never from Excel); others raise → corrupt
            while chunk := member.read(_CHUNK):
                yield chunk
        return
    start = info.header_offset
    if data[start:start + 4] != b"PK\x03\x04":
        raise _corrupt()
    name_len, extra_len = struct.unpack_from("<HH", data, start + 26)
    begin = start + 30 + name_len + extra_len
    packed = memoryview(data)[begin:begin + info.compress_size]
    if len(packed) != info.compress_size:
        raise _corrupt()
    crc = 0
    total = 0
    if info.compress_type == zipfile.ZIP_STORED:
        pieces = (packed[i:i + _CHUNK] for i in range(0, len(packed), _CHUNK))
        for piece in pieces:
            chunk = bytes(piece)
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
        raise _corrupt()


def _scan_member(zf: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo, measure: bool) -> Extent:
    """Stream one member: refuse DOCTYPE/ENTITY; if `measure`, the extent of its cells. Bounded by file_size."""
    suffix = posixpath.splitext(info.filename)[1].lower()
    is_xml = suffix not in _BINARY_SUFFIXES
    extent = Extent()
    needs_exact = False
    tail = b""
    count = 0
    utf16 = False
    try:
        for chunk in _chunks(zf, data, info):
            if not count:
                utf16 = chunk[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in chunk[:4]
            count += len(chunk)
            if count > info.file_size:  # _chunks stops at the declared size; belt and braces
                raise _bomb(info.filename, count)
            if not is_xml:
                continue
            window = tail + chunk
            if (b"<!" in window or utf16 and b"<\x00!" in window) and _DOCTYPE.search(window):
                raise Refused("xml-doctype", f"Tệp bị từ chối vì phần \"{info.filename}\" chứa khai báo DOCTYPE/"
                                             "ENTITY: Excel không tạo ra nội dung này, và nó có thể được dùng để "
                                             "tấn công máy tính. Hãy mở bằng Excel, lưu thành tệp mới rồi gửi lại.")
            if measure:
                if _BIG_REF.search(window):
                    _grow_from_cells(window, extent)
                needs_exact = needs_exact or utf16 or _unusual_cells(window)
            tail = window[-_OVERLAP:]
    except Refused:
        raise
    except Exception:  # bad CRC, bad deflate stream, unsupported compression…
        raise _corrupt() from None
    if needs_exact:
        _grow_exact(zf, data, info, extent, utf16)
    return extent


def _unusual_cells(window: bytes) -> bool:
    """Cheap: is any cell tag not written `<c r="…` (as Excel and every common writer emit it)?

    Such tags (no `r`, `r` not first, other quotes or spacing, a namespace prefix) are measured by
    the exact pass instead of the fast `_BIG_REF` search.
    """
    return (window.count(b"<c ") != window.count(b'<c r="') or b'<c r="&' in window
            or _ODD_CELL.search(window) is not None or _ODD_PREFIXED_CELL.search(window) is not None)


def _grow_from_cells(window: bytes, extent: Extent) -> None:
    for m in _CELL_TAG.finditer(window):
        attrs = m.group(1) or b""
        if m.group(2):
            continue  # `<c r="XFD1" s="3"/>`: formatting only, calamine holds no cell for it
        r = _R_ATTR.search(attrs)
        if r is None:
            continue
        ref = _REF.fullmatch(r.group(1))
        if ref is None:
            continue
        extent.grow(int(ref.group(2)), _col_number(ref.group(1)))


def _grow_exact(zf: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo, extent: Extent, utf16: bool) -> None:
    """Follow rows and cells in order, placing cells without `r` as calamine does (one after another)."""
    row, col = -1, -1
    carry = b""
    decoder = codecs.getincrementaldecoder("utf-16")("replace") if utf16 else None
    for chunk in _chunks(zf, data, info):
        if decoder is not None:
            chunk = decoder.decode(chunk).encode("utf-8", "replace")
        window = carry + chunk
        cut = window.rfind(b"<")
        if cut < 0:
            carry = b""
            continue
        for m in _TOKEN.finditer(window, 0, cut):
            closing, tag, attrs = m.group(1), m.group(2), m.group(3) or b""
            if closing:
                continue
            r = _R_ATTR.search(attrs)
            if tag == b"row":
                row = int(r.group(1)) - 1 if r and r.group(1).isdigit() else row + 1
                col = -1
                continue
            ref = _REF.fullmatch(r.group(1)) if r else None
            if ref is not None:
                row, col = int(ref.group(2)) - 1, _col_number(ref.group(1)) - 1
            else:
                col += 1
            if not m.group(4):
                extent.grow(max(row, 0) + 1, col + 1)
        carry = window[cut:]
        if len(carry) > _CHUNK:
            raise _corrupt()


_SHEET_EL = re.compile(rb"<(?:[\w.-]+:)?sheet\s([^>]*)>")
_REL_EL = re.compile(rb"<(?:[\w.-]+:)?Relationship\s([^>]*)>")
_ATTR = re.compile(rb"""([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _attrs(text: bytes) -> dict[str, str]:
    """Attributes of one tag, local names, entities unescaped (DOCTYPE already refused: no custom ones)."""
    return {k.decode("utf-8", "replace").rsplit(":", 1)[-1]: html.unescape((a or b).decode("utf-8", "replace"))
            for k, a, b in _ATTR.findall(text)}


def _sheet_parts(zf: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    """Sheet name → worksheet part, from xl/workbook.xml and its relationships ({} if unreadable).

    Resolved the way calamine resolves them (no '..' normalisation), so both read the same part.
    """
    rels_name = "xl/_rels/workbook.xml.rels"
    try:
        if rels_name not in names or "xl/workbook.xml" not in names:
            return {}
        if max(zf.getinfo(n).file_size for n in ("xl/workbook.xml", rels_name)) > MAX_INDEX_PART:
            return {}
        targets = {}
        for m in _REL_EL.finditer(zf.read(rels_name)):
            rel = _attrs(m.group(1))
            target = rel.get("Target", "")
            if target.startswith("/"):
                target = target[1:]
            elif not target.startswith("xl/"):
                target = "xl/" + target
            targets[rel.get("Id")] = target
        parts = {}
        for m in _SHEET_EL.finditer(zf.read("xl/workbook.xml")):
            sheet = _attrs(m.group(1))
            target = targets.get(sheet.get("id"))
            if "name" in sheet and target in names:
                parts[sheet["name"]] = target
        return parts
    except Exception:  # unreadable index: every sheet is then checked against the largest extent
        return {}


def check_extent(checked: Checked, sheet_name: str) -> str | None:
    """A Vietnamese problem when the sheet is too large to load, else None."""
    e = checked.extent(sheet_name)
    if e.rows <= MAX_ROWS and e.cols <= MAX_COLS and e.rows * e.cols <= MAX_CELLS:
        return None
    last = f"{col_letters(max(e.cols, 1) - 1)}{e.rows}"
    return (f"Trang \"{sheet_name}\" có dữ liệu tới ô {last} ({_n(e.rows)} dòng × {_n(e.cols)} cột), vượt giới "
            f"hạn {_n(MAX_ROWS)} dòng × {_n(MAX_COLS)} cột. Hãy xóa các dòng, cột thừa ở cuối trang (chọn chúng, "
            "bấm Delete) rồi lưu và gửi lại.")


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")
