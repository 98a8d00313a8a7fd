"""The feedback workbook for a rejected file, to e-mail back to its department.

When the source is a readable .xlsx/.xlsm, a COPY is loaded from its bytes with openpyxl (the original
is only read, never opened for writing), every cell named by a finding is made fixable (unlocked, with its
column's format, borders and drop-down: `xlsx_fixable`) and gets a red fill and a comment
holding the message, and a first sheet lists every finding with a short instruction. Otherwise (not a
zip, .xls, encrypted, changed since intake…) the workbook holds the list only. So it does, saying why, for a
workbook too large to copy in bounded time and memory (`MAX_MARKED_UNZIPPED`: openpyxl takes ~25 µs and
~0.5 KB per cell; a 2-million-cell extra sheet took 52 s and 1 GB): the list names every cell anyway.
"""
from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

from dvht_batch.models import FileRecord, Finding
from dvht_batch.writers import RUN_ID_PROPERTY
from dvht_batch.writers.atomic import atomic_write
from dvht_batch.vocab.labels import warned
from dvht_batch.writers.xlsx_fixable import make_fixable
from dvht_batch.writers.xlsx_common import (
    LINE_HEIGHT, SEVERITY, Col, Styles, open_workbook, print_setup, text_lines, write_table,
)

MiB = 1024 * 1024
COMMENT_AUTHOR = "dvht"
FILL_COLOR = "FFC7CE"                      # Excel's light red ("Bad")
MARKABLE_SUFFIXES = (".xlsx", ".xlsm")
# Total uncompressed size of a workbook we reopen to mark: 8 MB of XML is ~250,000 cells (a few seconds,
# ~150 MB); a department's workbook of 1,000 members is under 1 MB.
MAX_MARKED_UNZIPPED = 8 * 1024 * 1024
SHEET_NAMES = ("Loi", "Danh_sach_loi", "Loi_dvht")

COLUMNS = [Col("STT", 5), Col("Vị trí", 18), Col("Giá trị", 22), Col("Nội dung lỗi", 80, "wrap"), Col("Mức độ", 10)]
TABLE_WIDTH = sum(c.width for c in COLUMNS)
_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?([1-9][0-9]{0,6})$")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # characters openpyxl refuses in cell text


def _heading(record: FileRecord, marked: bool, too_large: int | None = None) -> list[str]:
    errors = len(record.errors)
    where = [f"Tệp: {record.path}"]
    if record.department:
        where.append(f"Phòng: {record.department_name or record.department}")
    if record.period:
        where.append(f"Kỳ báo cáo: {record.period.workbook_form()}")
    if marked:
        how = ("Hãy sửa các ô tô đỏ (rê chuột vào ô để xem lý do) và các lỗi trong danh sách dưới đây, "
               "lưu lại rồi gửi lại tệp cho Văn phòng. Có thể sửa ngay trên tệp này hoặc trên tệp gốc của phòng.")
    elif too_large is not None:
        how = (f"Tệp gửi lên quá lớn để chép lại và đánh dấu ô lỗi ({f'{too_large / MiB:.1f}'.replace('.', ',')} MB dữ liệu khi giải nén; "
               f"tối đa {MAX_MARKED_UNZIPPED // MiB} MB), thường do một trang thừa có rất nhiều ô. Hãy sửa các lỗi "
               "trong danh sách dưới đây (cột Vị trí ghi trang và ô), xóa các trang, hàng, cột thừa rồi gửi lại tệp "
               "cho Văn phòng.")
    else:
        how = ("Tệp gửi lên không mở được như một bảng tính Excel (.xlsx) nên không đánh dấu được ô lỗi. "
               "Hãy sửa các lỗi trong danh sách dưới đây, lưu bằng Excel dạng \"Excel Workbook (*.xlsx)\" "
               "rồi gửi lại tệp cho Văn phòng.")
    return ["DANH SÁCH LỖI CẦN SỬA", " – ".join(where),
            f"Tệp bị từ chối vì có {errors} lỗi; số liệu của tệp chưa được tính vào kết quả tổng hợp.", how]


def _ordered(record: FileRecord) -> list[Finding]:
    return record.errors + record.warnings


def _row(i: int, f: Finding) -> list:
    return [i, f.location or "(cả tệp)", f.value, f.message, SEVERITY[f.severity]]


def _text(value: object) -> object:
    return _ILLEGAL.sub("", value) if isinstance(value, str) else value


def _put(ws, row: int, col: int, value: object):
    """Set a cell with openpyxl keeping text as text ("=1+1" is not turned into a formula)."""
    cell = ws.cell(row, col)
    cell.value = _text(value)
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


# --------------------------------------------------------------------------- marked copy (openpyxl)


def _load_copy(record: FileRecord) -> tuple[object | None, int | None]:
    """(the source as an openpyxl workbook loaded from bytes, or None when it must not/cannot be; its
    uncompressed size when that is why not)."""
    if not record.readable or record.source.suffix.lower() not in MARKABLE_SUFFIXES:
        return None, None
    try:
        import openpyxl
        from openpyxl.xml import DEFUSEDXML
    except ImportError:
        return None, None
    if not DEFUSEDXML:  # never parse an untrusted workbook without defusedxml
        return None, None
    try:
        data = record.source.read_bytes()
    except OSError:
        return None, None
    expected = (record.sha256 or "").lower()
    if re.fullmatch(r"[0-9a-f]{64}", expected) and hashlib.sha256(data).hexdigest() != expected:
        return None, None  # changed since intake: the findings' cells may no longer match
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unzipped = sum(i.file_size for i in z.infolist())
        if unzipped > MAX_MARKED_UNZIPPED:
            return None, unzipped
        return openpyxl.load_workbook(io.BytesIO(data), keep_vba=False, keep_links=False), None
    except Exception:  # any unreadable workbook: fall back to the list-only feedback
        return None, None


def _target_cell(ws, ref: str):
    """The cell at `ref`; inside a merged range, the range's top-left cell (the one Excel shows)."""
    m = _CELL.match(ref or "")
    if not m:
        return None
    cell = ws[f"{m.group(1).upper()}{m.group(2)}"]
    for rng in ws.merged_cells.ranges:
        if cell.coordinate in rng:
            return ws.cell(rng.min_row, rng.min_col)
    return cell


def _mark_cells(wb, findings: list[Finding]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    fill = PatternFill("solid", fgColor=FILL_COLOR)
    marks: dict[tuple[str, str], tuple[object, list[Finding]]] = {}  # one comment per cell
    for f in findings:
        if not f.sheet or not f.cell or f.sheet not in wb.sheetnames:
            continue
        ws = wb[f.sheet]
        if not hasattr(ws, "merged_cells"):  # a chartsheet
            continue
        cell = _target_cell(ws, f.cell)
        if cell is not None:
            marks.setdefault((f.sheet, cell.coordinate), (cell, []))[1].append(f)
    for cell, found in marks.values():
        make_fixable(cell.parent, cell)  # unlocked, its column's format, borders and drop-down
        if any(f.is_error for f in found):  # warnings get a comment but no red fill
            cell.fill = fill
        text = "\n".join((_text(f.message) if f.is_error else warned(_text(f.message))) for f in found)
        if cell.comment is not None and cell.comment.author != COMMENT_AUTHOR:
            text = f"{cell.comment.text}\n---\n{text}"
        comment = Comment(text[:30000], COMMENT_AUTHOR)
        comment.width, comment.height = 320, min(60 + 40 * len(found), 400)
        cell.comment = comment


def _add_list_sheet(wb, record: FileRecord) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    name = next(n for n in SHEET_NAMES if n not in wb.sheetnames)
    ws = wb.create_sheet(name, 0)
    base_font = ws.cell(1, 1).font.name or "Calibri"  # the workbook's default font
    heading = _heading(record, marked=True)
    for i, line in enumerate(heading, start=1):
        cell = _put(ws, i, 1, line)
        cell.font = Font(name=base_font, bold=i in (1, 4), size=14 if i == 1 else 11, color="9C0006" if i == 4 else None)
        if i > 1:  # the lines span the table's width, wrapped
            ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=len(COLUMNS))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            ws.row_dimensions[i].height = LINE_HEIGHT * text_lines(line, TABLE_WIDTH)
    top = len(heading) + 2
    header_font, header_fill = Font(name=base_font, bold=True), PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    link_font = Font(name=base_font, color="0563C1", underline="single")
    for j, col in enumerate(COLUMNS, start=1):
        c = ws.cell(top, j, col.header)
        c.font, c.fill, c.alignment = header_font, header_fill, Alignment(wrap_text=True, horizontal="center")
        ws.column_dimensions[get_column_letter(j)].width = col.width
    findings = _ordered(record)
    for i, f in enumerate(findings, start=1):
        for j, value in enumerate(_row(i, f), start=1):
            cell = _put(ws, top + i, j, value)
            if j == 4:
                cell.alignment = wrap
                if text_lines(value, COLUMNS[3].width) > 1:
                    ws.row_dimensions[top + i].height = LINE_HEIGHT * text_lines(value, COLUMNS[3].width)
        if f.sheet and f.cell and f.sheet in wb.sheetnames and _CELL.match(f.cell):  # jump to the bad cell
            cell = ws.cell(top + i, 2)
            sheet = f.sheet.replace("'", "''")
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{sheet}'!{f.cell.replace('$', '')}")
            cell.font = link_font
    last = top + max(len(findings), 1)
    ws.auto_filter.ref = f"A{top}:{get_column_letter(len(COLUMNS))}{last}"
    ws.freeze_panes = f"A{top + 1}"
    ws.print_title_rows = f"{top}:{top}"
    ws.page_setup.orientation, ws.page_setup.paperSize = "landscape", ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.sheet_properties.tabColor = "C00000"
    # make it the only selected sheet (several selected tabs open as a "group" in Excel)
    for other in wb.worksheets:
        other.sheet_view.tabSelected = False
    ws.sheet_view.tabSelected = True
    wb.active = 0
    for view in wb.views:
        view.firstSheet = 0


# --------------------------------------------------------------------------- list only (xlsxwriter)


def _write_list_only(record: FileRecord, tmp: Path, run_id: str | None, too_large: int | None = None) -> None:
    wb = open_workbook(tmp)
    if run_id:
        wb.set_custom_property(RUN_ID_PROPERTY, run_id)
    st = Styles(wb)
    ws = wb.add_worksheet(SHEET_NAMES[0])
    heading = _heading(record, marked=False, too_large=too_large)
    ws.write_string(0, 0, heading[0], st.title)
    for i, line in enumerate(heading[1:], start=1):  # the lines span the table's width, wrapped
        ws.merge_range(i, 0, i, len(COLUMNS) - 1, line, st.label_wrap if i == 3 else st.wrap)
        ws.set_row(i, LINE_HEIGHT * text_lines(line, TABLE_WIDTH))
    rows = (_row(i, f) for i, f in enumerate(_ordered(record), start=1))
    write_table(ws, st, len(heading) + 1, COLUMNS, rows)
    print_setup(ws, "Danh sách lỗi", record.path, record.period.workbook_form() if record.period else "")
    wb.close()


def _set_run_id(wb, run_id: str | None) -> None:
    """The run identifier as the copy's custom property (replacing one the department's file carried)."""
    from openpyxl.packaging.custom import StringProperty

    props = wb.custom_doc_props
    for prop in [p for p in props.props if p.name == RUN_ID_PROPERTY]:
        props.props.remove(prop)
    if run_id:
        props.append(StringProperty(name=RUN_ID_PROPERTY, value=run_id))


def write_feedback(record: FileRecord, path: Path, run_id: str | None = None) -> Path:
    """Write the feedback workbook for `record` to `path` (.xlsx, atomically); return `path`.

    The source file is read once into memory and never modified. `run_id` goes into the workbook's
    custom properties (RUN_ID_PROPERTY).
    """
    wb, too_large = _load_copy(record)

    def write(tmp: Path) -> None:
        if wb is None:
            _write_list_only(record, tmp, run_id, too_large)
            return
        try:
            _mark_cells(wb, _ordered(record))
            _add_list_sheet(wb, record)
            _set_run_id(wb, run_id)
            wb.save(tmp)
        except Exception:  # openpyxl could not write this workbook back: send the list instead
            _write_list_only(record, tmp, run_id)

    return atomic_write(Path(path), write)
