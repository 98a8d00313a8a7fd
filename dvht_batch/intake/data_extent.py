"""Read no more than the data: a clerk's form carries hundreds of formatted empty rows below its data (a
template's rows with borders, fills and drop-down lists, `<c r="B120" s="14"/>` or `<c …></c>`), and
python-calamine parses every one of them (≈ 1 ms a file for 300 rows, twice its work on the data).

The safety scan (`zip_checks`) has already inflated each worksheet and found, with `empty_tail`, the rows at
the end of a sheet's `<sheetData>` that hold no value (its quick look at the cell tags then reads only the rows
before them when their cells are written the ordinary way: ≈ 0.2 ms a file). Here they are cut away, and
calamine is given a copy of the package whose sheet is the shortened XML (stored, not compressed again; every
other entry copied as it is). What calamine reads is the
same: it takes values only from cells with content, so a row whose cells are all empty tags gives it nothing,
and a cell's reference is checked the way calamine checks it (a reference calamine refuses — `r="!!"`, a row
0 — keeps the row, and calamine refuses the file as before). Only rows written the plain way are cut (`r`
first, double quotes, a row number, a cell reference of letters and digits): anything else ends the cut,
and a sheet is then read as it is. tests/intake/test_data_extent.py reads files both ways and compares.
"""
from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from typing import NamedTuple

from dvht_batch.intake.safety_limits import Checked
from dvht_batch.system.zip_entries import Entry, write_package

# Capitals → "A", digits 1–9 → "1" ("0" stays): the rows of a formatted block fold to a handful of shapes,
# checked once each; a leading zero (row 0) stays visible.
_FOLD = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ23456789", b"A" * 26 + b"1" * 8)
_ATTR = rb'\s+(?!r\s*=)[\w:.-]+="[^"<>]*"'  # any attribute but `r`, double-quoted
_EMPTY_ROW = re.compile(  # one folded row (from "<row" to the next row or the end of sheetData) without a value
    rb'<row(?:\s+r="1[01]{0,6}")?(?:' + _ATTR + rb')*\s*'
    rb'(?:/>|>(?:\s*<c(?:\s+r="A{1,3}1[01]{0,6}")?(?:' + _ATTR + rb')*\s*(?:/>|></c>))*\s*</row>)\s*')
# A cell the safety scan's quick look calls ordinary (`zip_checks`: `<c r="B7"`, one letter, one to four digits, the
# first not 0), in a folded row.
_ORDINARY_CELL = re.compile(rb'<c[ \t\n\r]r="A1[01]{0,3}"')
# folded empty rows, each with whether all its cells are ordinary: the same few shapes in every file of a run
_EMPTY_SHAPES: dict[bytes, bool] = {}
_SHAPES_LIMIT = 1024
_SHAPE_MAX_BYTES = 8192


class EmptyTail(NamedTuple):
    """Rows holding no value at the end of a worksheet's `<sheetData>`: where they begin in its XML, and
    whether every cell tag among them is one the safety scan's quick look calls ordinary. Then the quick look
    need not read them (`zip_checks.scan_member`): calamine never reads them either (`data_only`)."""
    at: int
    ordinary: bool


def empty_tail(xml: bytes) -> EmptyTail | None:
    """Where the rows holding no value at the end of `<sheetData>` begin in `xml` (a worksheet), or None when
    there are none, or they are not all written the plain way.

    The candidate is the first row after the last tag that may hold a value (`<v`, `<is`, `<f`); whatever
    follows it must then be rows of empty cells only, each checked (folded, each shape once), or nothing is cut.
    """
    end = xml.rfind(b"</sheetData>")
    start = xml.find(b"<sheetData>")
    if end < 0 or start < 0 or start > end:
        return None
    last_value = max(xml.rfind(b"<v", start, end), xml.rfind(b"<is", start, end), xml.rfind(b"<f", start, end))
    cut = xml.find(b"<row", max(last_value, start), end)
    if cut < 0:
        return None
    rows = xml[cut:end].translate(_FOLD).split(b"<row")
    ordinary = True
    for shape in set(rows[1:]):  # rows[0] is b"": the tail begins with a row
        known = _EMPTY_SHAPES.get(shape)
        if known is None:
            if _EMPTY_ROW.fullmatch(b"<row" + shape) is None:
                return None
            known = shape.count(b"<c") == len(_ORDINARY_CELL.findall(shape))
            if len(_EMPTY_SHAPES) < _SHAPES_LIMIT and len(shape) <= _SHAPE_MAX_BYTES:
                _EMPTY_SHAPES[shape] = known
        ordinary = ordinary and known
    return EmptyTail(cut, ordinary)


def data_only(data: bytes, checked: Checked) -> bytes:
    """The workbook's bytes for calamine: `data` itself, or a copy whose sheets kept by the safety scan
    (`Checked.sheet_xml`: the form's sheets, with their empty tails found by the scan) end with their last row
    holding a value (see the module's text)."""
    replaced: dict[str, Entry] = {}
    for part, xml, tail in checked.sheet_xml.values():
        if tail is not None:
            short = xml[:tail.at] + xml[xml.rfind(b"</sheetData>"):]
            replaced[part] = Entry(short, zipfile.ZIP_STORED, zlib.crc32(short), len(short))
    if not replaced:
        return data
    out = io.BytesIO()
    try:
        write_package(data, checked.entries, out, replaced)
    except (ValueError, struct.error):  # a name that is not ASCII, an odd date: read the file as it is
        return data
    return out.getvalue()
