"""How far a worksheet's cells reach, from its XML (the highest row and column holding a value), for the
zip checks (`zip_checks.scan_member`).

A quick look at each piece of the sheet's XML as it is inflated (`needs_exact_extent`) decides whether the
sheet is ordinary (every tag written `<c r="B7"…`, columns up to GR, rows up to 9999: nothing to measure)
or needs the exact walk through its rows and cells (`grow_exact`), which places each cell as calamine does.
"""
from __future__ import annotations

import codecs
import re
from typing import Iterable

from dvht_batch.intake.safety_limits import Extent, corrupt

_NS = rb"(?:[A-Za-z_][\w.-]*:)?"
# A row or cell tag; when `r` is its first attribute it is captured here (letters and digits apart when it
# is a plain reference), else the attributes are searched for it. Groups: closing, tag, first `r` whole,
# letters, digits, other value, the remaining attributes, self-closing.
_TOKEN = re.compile(rb"<(/?)" + _NS + rb"(row|c)(\s+r\s*=\s*[\"'](?:([A-Za-z]+)(\d+)|([^\"']*))[\"'])?"
                    rb"(\s[^>]*?)?(/?)>")
_R_ATTR = re.compile(rb"\sr\s*=\s*[\"']([^\"']*)[\"']")
_REF = re.compile(rb"([A-Za-z]+)(\d+)")  # any length: calamine turns 8 letters or 12 digits into a huge cell
_MAX_TAG = 1024 * 1024  # 1 MiB from one '<' to the next: refused as damaged (memory stays bounded)

# The quick look works on a copy of the XML with capitals, digits and separators folded into classes
# (one `bytes.translate`), then a few literal searches: ~2× faster than a regular expression that
# stops at every cell, and it sees `<c\tr=`, `<c/>` and `<x:c …>` the same way as `<c r=`.
_classes = bytearray(range(256))
for _ch in range(ord("A"), ord("Z") + 1):
    _classes[_ch] = ord("A")
for _ch in range(ord("0"), ord("9") + 1):
    _classes[_ch] = ord("0")
for _ch in b"\t\n\r>/":
    _classes[_ch] = ord(" ")               # `<c>`, `<c/>`, `<c\tr=`: all cell tags
_classes[ord(":")] = ord("<")             # a prefixed `<x:c …>` is a cell tag too
CLASSES = bytes(_classes)
_FAR_TWO_LETTER_COLUMN = re.compile(rb'[<:]c\sr="(?:[H-Z][A-Z]|G[S-Z])')  # beyond GR (column 200)
# A cell tag other than `<c r="B7"` with one letter and at most four digits (in the folded copy): only
# then do the slower tests below run (two-letter columns, other spellings); they alone decide.
_UNUSUAL_CELL = re.compile(rb'<c (?:(?!r="A0)|r="A00000)')


def needs_exact_extent(window: bytes) -> bool:
    """False when every cell tag is written `<c r="B7"` (Excel's way) with a column up to GR and a row
    up to 9999: such a sheet cannot be too large. True sends the sheet through `grow_exact`."""
    t = window.translate(CLASSES)
    if _UNUSUAL_CELL.search(t) is None:
        return False  # the usual sheet, in one pass: every tag `<c r="B7"`, one letter, at most four digits
    return full_look(window, t)


def full_look(window: bytes, t: bytes) -> bool:
    """`needs_exact_extent` without its one-pass shortcut (`t` is the folded copy of `window`); the
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


def grow_exact(pieces: Iterable[bytes], extent: Extent, utf16: bool) -> None:
    """Follow rows and cells of the sheet's XML (`pieces`, in order), placing cells without `r` as calamine
    does (one after another), and grow `extent` to the cells holding a value.

    Self-closing cells (a clerk's formatted empty cells) hold no value: they move the position only.
    """
    row, col = -1, -1
    rows, cols = extent.rows, extent.cols
    columns = _COLUMNS
    carry = b""
    decoder = codecs.getincrementaldecoder("utf-16")("replace") if utf16 else None
    for chunk in pieces:
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
        if len(carry) > _MAX_TAG:
            raise corrupt()
    extent.grow(rows, cols)
