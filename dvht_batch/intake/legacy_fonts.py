"""Legacy Vietnamese encodings in the cells just read: TCVN3 (ABC) and VNI-Windows (docs/quy-tac.md §5).

Runs once per file, right after calamine and before any parsing or normalisation, on the rows in
memory (see `workbook._read`):

1. a cheap check of each sheet's distinct strings (one regex over their joined text, the same test
   as `vn.legacy.looks_legacy`); a file without suspicious text stops here and costs nothing more;
2. otherwise, the font of each text cell, read once more from the bytes already in memory:
   .xlsx/.xlsm with openpyxl (read-only, fonts only), .xls by walking its BIFF records (FONT, XF and
   the string-cell records; no extra dependency);
3. every non-ASCII text cell in a legacy font (".VnTime", ".VnTimeH", "VNI-Times"…) is decoded by
   its font; a suspicious cell in any other font (fonts lost by copy-paste) only when
   `guess_encoding` recognises it. The decoded text replaces the raw value in the rows, so names and
   vocabulary ("Cã" → "Có") go on to normalisation and validation like any typed text;
4. one warning per sheet ("legacy-encoding") names the encoding and the cells.

Text holding a letter only Unicode can write (ư, ơ, ă, ạ…ỹ) is left alone: it was typed in Unicode,
whatever the cell's font says. A sheet with such text in legacy-font cells was typed (partly) in
Unicode with the old font left on: there only the cells that look legacy are converted by their font.
"""
from __future__ import annotations

import io
import re
import struct
import warnings
from collections import Counter
from dataclasses import dataclass
from itertools import chain

from dvht_batch.intake.cells import Findings, Row, cell_ref
from dvht_batch.intake.ole import BIFF_BOF, BIFF_BOUNDSHEET, BIFF_EOF, biff_records, boundsheet
from dvht_batch.vn import legacy
from dvht_batch.vn.legacy import TCVN3, TCVN3_UPPER, VNI, decode, encoding_for_font, guess_encoding, looks_legacy

Sheets = dict[str, tuple[str, list[Row]]]  # canonical name → (name in the workbook, rows), as in workbook.py
FontMap = dict[tuple[int, int], str]        # (row index, column index) → legacy font name, text cells only

MAX_REFS = 10
ENCODING_LABEL = {TCVN3: "TCVN3 (ABC)", TCVN3_UPPER: "TCVN3 (ABC)", VNI: "VNI-Windows"}

# Letters no legacy encoding produces (cp1252 or latin-1 views never reach them).
_MODERN_ONLY = re.compile("[\u0102\u0103\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0"
                          "\u1ea0-\u1ef9\u0300-\u036f]")
# Typographic punctuation (copied from Word) that TCVN3 also uses for capitals, but only inside a word.
_LOOSE_PUNCT = re.compile(r"(?<!\w)[‘’“”–—…•]|[‘’“”–—…•](?!\w)")


def _build_prefilter() -> re.Pattern | None:
    """`looks_legacy`'s test as one regex that starts with a character class (fast over a long text).

    Built from vn.legacy's tables; tests/intake/test_legacy_fonts.py checks it agrees with `looks_legacy`.
    None (check each string instead) if those tables change shape.
    """
    try:
        suspect: str = legacy._SUSPECT_CHARS
        pairs: list[str] = legacy._VNI_MARK_PAIRS
    except AttributeError:  # pragma: no cover - vn.legacy reorganised
        return None
    capitals = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ"  # TCVN3 lower-case codes that read as Latin-1 capitals, after [a-z]
    by_base: dict[str, set[str]] = {}
    for pair in pairs:
        by_base.setdefault(pair[0], set()).add(pair[1])
    marks = set().union(*by_base.values()) if by_base else set()
    lead = re.escape("".join(sorted(set(suspect) | set(capitals) | marks)))
    behind = [f"(?<=[{re.escape(suspect)}])", f"(?<=[a-z][{capitals}])"]
    if by_base:
        behind.append("(?<=" + "|".join(f"{re.escape(b)}[{re.escape(''.join(sorted(ms)))}]"
                                        for b, ms in sorted(by_base.items())) + ")")
    return re.compile(f"[{lead}](?:{'|'.join(behind)})")


_PREFILTER = _build_prefilter()


def is_suspect(text: str) -> bool:
    """Could this text be legacy-encoded? (`looks_legacy`, minus Unicode-only letters and loose quotes/dashes.)"""
    if not looks_legacy(text) or _MODERN_ONLY.search(text):
        return False
    return looks_legacy(_LOOSE_PUNCT.sub(" ", text))


def suspects(rows: list[Row]) -> set[str]:
    """The distinct texts of a sheet that may be legacy-encoded (usually none, found in one regex pass)."""
    try:
        values = set(chain.from_iterable(rows))
    except TypeError:  # an unhashable value (never from calamine)
        values = {v for v in chain.from_iterable(rows) if v.__class__ is str}
    texts = [v for v in values if v.__class__ is str and not v.isascii()]
    if not texts or (_PREFILTER is not None and _PREFILTER.search("\n".join(texts)) is None):
        return set()
    return {t for t in texts if is_suspect(t)}


@dataclass(frozen=True)
class Conversion:
    row: int               # 0-based indices into the rows
    col: int
    encoding: str
    font: str | None       # None: recognised by its content (the cell's font is not a legacy font)
    text: str              # the converted text


def convert_legacy(data: bytes, fmt: str, sheets: Sheets, out: Findings) -> None:
    """Decode legacy-encoded text cells of `sheets` in place, and warn once per sheet.

    `fmt` is "xlsx" (also .xlsm), "xls" or "ods", as found by the safety checks.
    """
    found = {canonical: s for canonical, (_, rows) in sheets.items() if (s := suspects(rows))}
    if not found:
        return
    fonts = read_fonts(data, fmt, [name for name, _ in sheets.values()])
    for canonical, (name, rows) in sheets.items():
        sheet_fonts = fonts.get(name, {}) if fonts else {}
        if not sheet_fonts and canonical not in found:
            continue
        done = convert_rows(rows, found.get(canonical, set()), sheet_fonts)
        if done:
            report_conversions(name, done, out)


def convert_rows(rows: list[Row], suspect_texts: set[str], fonts: FontMap) -> list[Conversion]:
    """Replace legacy text in `rows` by Unicode: by the cell's font, else by guessing; row-major order."""
    done: list[Conversion] = []
    guessed: dict[str, str | None] = {}
    # Legacy-font cells holding Unicode-only letters: the sheet was (partly) typed in Unicode with the
    # old font left on, so there the font alone does not tell: "Chuyên viên" stays, "NguyÔn" is converted.
    mixed = any(_MODERN_ONLY.search(_text_at(rows, r, c)) for r, c in fonts)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value.__class__ is not str or value.isascii():
                continue
            font = fonts.get((r, c))
            if font is not None and not _MODERN_ONLY.search(value) and (not mixed or value in suspect_texts):
                encoding = encoding_for_font(font)
            elif value in suspect_texts:
                if value not in guessed:
                    guessed[value] = guess_encoding(value)
                encoding, font = guessed[value], None
            else:
                continue
            if encoding is None:
                continue
            text = decode(value, encoding)
            if text != value:
                row[c] = text
                done.append(Conversion(r, c, encoding, font, text))
    return done


def _text_at(rows: list[Row], r: int, c: int) -> str:
    value = rows[r][c] if r < len(rows) and c < len(rows[r]) else ""  # the font reader may see other cells
    return value if value.__class__ is str else ""


def report_conversions(sheet: str, done: list[Conversion], out: Findings) -> None:
    """One warning for the sheet: the converted cells, the encodings, how they were recognised, an example."""
    refs = [cell_ref(x.row, x.col) for x in done]
    listed = ", ".join(refs[:MAX_REFS]) + (f", … (thêm {len(refs) - MAX_REFS} ô)" if len(refs) > MAX_REFS else "")
    counts = Counter(ENCODING_LABEL[x.encoding] for x in done)
    if len(counts) == 1:
        encodings = f"bảng mã cũ {next(iter(counts))}"
    else:
        encodings = "các bảng mã cũ " + " và ".join(f"{label} ({n} ô)" for label, n in counts.most_common())
    how = []
    fonts = sorted({x.font for x in done if x.font})
    if fonts:
        how.append("theo phông chữ " + ", ".join(fonts[:3]) + (", …" if len(fonts) > 3 else ""))
    guessed = sum(1 for x in done if x.font is None)
    if guessed:
        how.append(f"{guessed} ô nhận dạng theo nội dung vì ô không còn phông chữ cũ")
    # an example past the first row converted (usually headers or labels), preferably a name
    example = next((x for x in done if x.row > done[0].row and len(x.text.split()) >= 2), done[0])
    out.report("legacy-encoding", sheet, count=len(done), encodings=encodings, how="; ".join(how), cells=listed,
               example=cell_ref(example.row, example.col), text=example.text)


# --------------------------------------------------------------------------- fonts of text cells


def read_fonts(data: bytes, fmt: str, names: list[str]) -> dict[str, FontMap] | None:
    """Per sheet name, the text cells whose font is a legacy font; None when the fonts cannot be read."""
    if fmt == "ods":  # OpenDocument: legacy text is recognised by its content alone
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _xls_fonts(data, names) if fmt == "xls" else _xlsx_fonts(data, names)
    except (KeyboardInterrupt, MemoryError):
        raise
    except Exception:  # fonts are a refinement: a file calamine read but openpyxl cannot falls back to guessing
        return None


def _xlsx_fonts(data: bytes, names: list[str]) -> dict[str, FontMap]:
    import openpyxl  # only for files with suspicious text (defusedxml is installed: openpyxl uses it)

    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    try:
        result: dict[str, FontMap] = {}
        for name in names:
            if name not in wb.sheetnames:
                continue
            ws = wb[name]
            if not hasattr(ws, "iter_rows"):
                continue
            ws.reset_dimensions()  # the stored <dimension> may be wrong; read every row
            found: FontMap = {}
            by_font: dict[str | None, bool] = {}
            for row in ws.iter_rows():
                for cell in row:
                    if cell.value.__class__ is not str or cell.value.isascii():
                        continue
                    font = cell.font.name if cell.font is not None else None
                    if font not in by_font:
                        by_font[font] = encoding_for_font(font) is not None
                    if by_font[font]:
                        found[(cell.row - 1, cell.column - 1)] = font
            result[name] = found
        return result
    finally:
        wb.close()


_FONT, _XF = 0x0031, 0x00E0
_TEXT_CELLS = {0x00FD, 0x0204, 0x00D6, 0x0006}  # LABELSST, LABEL, RSTRING, FORMULA: row, col, XF index first


def _xls_fonts(data: bytes, names: list[str]) -> dict[str, FontMap]:
    import olefile

    ole = olefile.OleFileIO(io.BytesIO(data))
    try:
        stream = ole.openstream("Workbook" if ole.exists("Workbook") else "Book").read()
    finally:
        ole.close()
    fonts: list[str] = []
    xf_fonts: list[int] = []
    sheet_names: dict[int, str] = {}
    cells: dict[int, dict[tuple[int, int], int]] = {}  # BOF offset → (row, col) → XF index
    stack: list[dict[tuple[int, int], int]] = []
    biff8 = True
    for pos, rtype, body, length in biff_records(stream):
        if rtype == BIFF_BOF:
            if pos == 0 and length >= 2:
                biff8 = struct.unpack_from("<H", stream, body)[0] == 0x0600
            stack.append(cells.setdefault(pos, {}))
        elif rtype == BIFF_EOF:
            if stack:
                stack.pop()
        elif rtype == _FONT and length >= 15:
            fonts.append(_font_name(stream[body + 14: body + length], biff8))
        elif rtype == _XF and length >= 2:
            xf_fonts.append(struct.unpack_from("<H", stream, body)[0])
        elif rtype == BIFF_BOUNDSHEET and length >= 8:
            offset, name = boundsheet(stream, body, length)
            sheet_names[offset] = name
        elif rtype in _TEXT_CELLS and stack and length >= 6:
            row, col, xf = struct.unpack_from("<HHH", stream, body)
            stack[-1][(row, col)] = xf

    def font_of(xf: int) -> str | None:
        if xf >= len(xf_fonts):
            return None
        index = xf_fonts[xf]
        index = index - 1 if index > 4 else index  # font index 4 is never written
        return fonts[index] if 0 <= index < len(fonts) else None

    legacy_xf = {xf: font for xf in range(len(xf_fonts)) if encoding_for_font(font := font_of(xf))}
    wanted = set(names)
    result: dict[str, FontMap] = {}
    for offset, name in sheet_names.items():
        if name in wanted:
            result[name] = {rc: legacy_xf[xf] for rc, xf in cells.get(offset, {}).items() if xf in legacy_xf}
    return result


def _font_name(raw: bytes, biff8: bool) -> str:
    """The font name at offset 14 of a FONT record: BIFF8 ShortXLUnicodeString, BIFF5 byte string."""
    count = raw[0]
    if biff8 and len(raw) >= 2:
        wide = raw[1] & 1
        chars = raw[2: 2 + count * (2 if wide else 1)]
        return chars.decode("utf-16-le" if wide else "latin-1", "replace")
    return raw[1: 1 + count].decode("cp1252", "replace")
