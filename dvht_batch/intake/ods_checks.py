"""Checks on an OpenDocument spreadsheet (.ods, a zip) before python-calamine opens it.

The same checks as for .xlsx (`zip_checks`): member count, declared and total sizes, compression
ratio, every member inflated within its declared size with its CRC verified and its XML searched for
`<!DOCTYPE` / `<!ENTITY`; then `content.xml` is walked to measure each table: the highest row and
column holding a value, repetitions included (`table:number-rows-repeated="1000000"` on a row with a
value would make calamine allocate a million rows). The walk uses expat without a DTD (refused
before), and keeps no element longer than needed.
"""
from __future__ import annotations

import zipfile
from io import BytesIO
from xml.etree.ElementTree import ParseError, XMLPullParser

from dvht_batch.intake.safety_limits import MAX_COLS, MAX_ROWS, Checked, Extent, Refused, corrupt
from dvht_batch.intake.zip_checks import check_sizes, member_pieces, scan_member

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_T_TABLE, _T_ROW, _T_NAME = f"{{{_TABLE}}}table", f"{{{_TABLE}}}table-row", f"{{{_TABLE}}}name"
_CELLS = {f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell"}
_ROWS_REPEATED, _COLS_REPEATED = f"{{{_TABLE}}}number-rows-repeated", f"{{{_TABLE}}}number-columns-repeated"
_VALUE_TYPE, _TEXT_P = f"{{{_OFFICE}}}value-type", f"{{{_TEXT}}}p"
_LIMIT = 10 ** 9  # a repetition count beyond any sheet: kept finite so the arithmetic stays small


def check_ods(data: bytes) -> Checked:
    try:
        zf = zipfile.ZipFile(BytesIO(data))
        infos = zf.infolist()
    except Exception:
        raise corrupt() from None
    with zf:
        check_sizes(infos)
        by_name = {i.filename: i for i in infos}
        mimetype = by_name.get("mimetype")
        if "content.xml" not in by_name or (mimetype is not None and not _is_spreadsheet(zf, data, mimetype)):
            raise Refused("zip-not-an-ods")
        for info in infos:
            if not info.is_dir():
                scan_member(zf, data, info, measure=False)
        checked = Checked("ods")
        try:
            _measure(zf, data, by_name["content.xml"], checked)
        except ParseError:
            raise corrupt() from None
    return checked


def _is_spreadsheet(zf: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo) -> bool:
    if info.file_size > 200:
        return False
    return b"".join(member_pieces(zf, data, info)).strip().startswith(ODS_MIMETYPE)


def _count(element, key: str) -> int:
    value = element.get(key)
    if value is None:
        return 1
    try:
        return max(1, min(int(value), _LIMIT))
    except ValueError:
        return 1


def _measure(zf: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo, checked: Checked) -> None:
    """Extent of every table of content.xml (by its name) and over all tables."""
    parser = XMLPullParser(events=("start", "end"))
    state = _Walk(checked)
    for chunk in member_pieces(zf, data, info):
        parser.feed(chunk)
        for event, element in parser.read_events():
            state.on(event, element)
            if state.too_large():
                return  # check_extent refuses the sheet: no need to read further
    parser.close()
    for event, element in parser.read_events():
        state.on(event, element)


class _Walk:
    """Rows and cells followed in order; repetitions expand the position, never memory."""

    def __init__(self, checked: Checked):
        self.checked = checked
        self.extent: Extent | None = None
        self.row = 0                 # rows before the current one
        self.rows_repeated = 1
        self.col = 0                 # columns before the current cell
        self.cell_repeated = 1
        self.cell_has_value = False
        self.row_last_col = 0        # highest column with a value in the current row
        self.depth_in_table = 0

    def too_large(self) -> bool:
        e = self.checked.largest
        return e.rows > MAX_ROWS or e.cols > MAX_COLS

    def on(self, event: str, element) -> None:
        tag = element.tag
        if event == "start":
            if tag == _T_TABLE:
                self.extent = self.checked.extents.setdefault(element.get(_T_NAME, ""), Extent())
                self.row = 0
            elif tag == _T_ROW:
                self.rows_repeated, self.col, self.row_last_col = _count(element, _ROWS_REPEATED), 0, 0
            elif tag in _CELLS:
                self.cell_repeated = _count(element, _COLS_REPEATED)
                self.cell_has_value = element.get(_VALUE_TYPE) is not None
            elif tag == _TEXT_P:
                self.cell_has_value = True
            return
        if tag in _CELLS:
            self.col += self.cell_repeated
            if self.cell_has_value:
                self.row_last_col = self.col
            self.cell_has_value = False
        elif tag == _T_ROW:
            self.row += self.rows_repeated
            if self.row_last_col and self.extent is not None:
                self.extent.grow(self.row, self.row_last_col)
                self.checked.largest.grow(self.row, self.row_last_col)
        elif tag == _T_TABLE:
            self.extent = None
        element.clear()
