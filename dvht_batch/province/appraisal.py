"""The appraisal workbook (phiếu thẩm định): written from the register, filled by the Sở's specialist,
read back with cell-level Vietnamese errors (docs/tinh.md, "Phiếu thẩm định").

Sheet `Tham_dinh`: one row per unit and indicator of the level asked (plus one row "HS" for the dossier
as a whole: its parts and its date): the unit's claim and evidence, what the tool found, and the
specialist's verdict (Đồng ý / Không đồng ý, a drop-down) with a note — the reason sent to the unit.
Rows where the tool found a reason to refuse come prefilled "Không đồng ý" with that reason; that
reason stands whatever the specialist writes (only the unit's corrected dossier lifts it): an "Đồng ý"
there is named, cell by cell, as not counted (`agreed_but_blocked_notices`). Sheet `Don_vi`: one row per
unit, its kind (a drop-down) to confirm.
"""
from __future__ import annotations

from pathlib import Path

import python_calamine
from xlsxwriter.utility import xl_col_to_name

from dvht_batch.errors import ConfigError
from dvht_batch.messages import Findings, listed, render
from dvht_batch.province.intake import DATED_BY
from dvht_batch.province.register import DossierRecord
from dvht_batch.province.table import UNREADABLE
from dvht_batch.province.year import WHOLE, agreed_but_blocked, asked_of, blocks, codes_to_appraise, row_of
from dvht_batch.setup.unit_kinds import UNIT_KINDS
from dvht_batch.vn.dates import short_date
from dvht_batch.vn.numbers import fmt_percent
from dvht_batch.vn.text import fold, is_empty, normalize
from dvht_batch.writers.atomic import atomic_write
from dvht_batch.writers.docx.phrases import level_requirements
from dvht_batch.writers.xlsx_common import open_workbook, print_setup, text_lines

SHEET, UNITS_SHEET, LISTS_SHEET = "Tham_dinh", "Don_vi", "Danh_muc"
AGREE, DISAGREE = "Đồng ý", "Không đồng ý"
HEADERS = (("Mã đơn vị", 8), ("Tên đơn vị", 28), ("Mức độ đề nghị", 10), ("Mã chỉ tiêu", 8), ("Chỉ tiêu", 40),
           ("Yêu cầu", 24), ("Đơn vị tự đánh giá", 22), ("Minh chứng", 34), ("Kiểm tra tự động", 40),
           ("Kết luận", 14), ("Ghi chú (lý do)", 40))
UNIT_HEADERS = (("Mã đơn vị", 8), ("Tên đơn vị", 34), ("Cấp", 12), ("Loại hình", 30), ("Bảng tổng hợp", 16),
                ("Ngày hồ sơ", 12), ("Căn cứ ngày", 30), ("Các tệp", 40), ("Lưu ý về hồ sơ", 60),
                ("Công nhận đã có", 60))
VERDICT_COL, NOTE_COL, KIND_COL = 9, 10, 3
# the dossier as a whole (row HS): its parts and date, and the checks that are not one indicator's (the level asked,
# the time since the last decision, the table's "Kết quả chung")
WHOLE_DOSSIER = "Hồ sơ đề nghị công nhận"
WHOLE_REQUIREMENTS = ("Văn bản đề nghị, báo cáo tự đánh giá, bảng tổng hợp, nộp trước ngày 15/01; mức độ đề nghị "
                      "thống nhất với bảng tổng hợp và với các quyết định công nhận trước")
TOP = 3  # the header row (0-based) of both sheets' tables… Tham_dinh; Don_vi's header is row 0


class AppraisalError(ConfigError):
    """The filled appraisal workbook, named on the command line, cannot be used as it is: every cell named;
    exit 2, like any input the command line names that must be corrected first."""


def _claim_text(record: DossierRecord, code: str, level: int | None) -> str:
    if code == WHOLE:
        return "Hồ sơ: " + (", ".join(record.files) or "—")
    claim = record.claims.get(code)
    if claim is None:
        return "(không có trong bảng tổng hợp)"
    parts = []
    if claim.count is not None and claim.denominator:
        parts.append(f"{claim.count}/{claim.denominator}" + (f" ({fmt_percent(claim.ratio)})" if claim.ratio is not None else ""))
    parts.append(claim.verdicts.get(level, "để trống") if level else "")
    return "; ".join(p for p in parts if p)


def write_appraisal(path: Path, records: list[DossierRecord], rule_set, year: int, agency: str,
                    standings: dict[int, str] | None = None) -> Path:
    """`standings`: per unit id, a sentence on its recognitions so far (sheet Don_vi)."""
    criteria = {c.code: c for c in rule_set.criteria}

    def write(tmp: Path) -> None:
        wb = open_workbook(tmp)
        wb.set_custom_property("dvht_phieu_tham_dinh", str(year))
        base = {"text_wrap": True, "valign": "top", "border": 1}
        cell, head = wb.add_format(base), wb.add_format({**base, "bold": True, "bg_color": "#DDEBF7", "align": "center"})
        editable = wb.add_format({**base, "locked": False, "bg_color": "#FFF2CC"})
        lists = wb.add_worksheet(LISTS_SHEET)
        lists.write_column(0, 0, [AGREE, DISAGREE])
        lists.write_column(0, 1, list(UNIT_KINDS.values()))
        ws = wb.add_worksheet(SHEET)
        ws.activate()
        lists.hide()
        ws.write(0, 0, f"PHIẾU THẨM ĐỊNH HỒ SƠ ĐỀ NGHỊ CÔNG NHẬN “ĐƠN VỊ HỌC TẬP” NĂM {year}",
                 wb.add_format({"bold": True, "font_size": 13}))
        ws.write(1, 0, f"{agency}: chọn Đồng ý / Không đồng ý ở cột Kết luận; “Không đồng ý” thì ghi lý do (lý do được "
                       "gửi cho đơn vị). Dòng điền sẵn “Không đồng ý” theo kiểm tra tự động: đổi thành “Đồng ý” cũng không "
                       "được tính, đơn vị phải gửi lại hồ sơ đã sửa. Không sửa các cột khác.", wb.add_format({"italic": True}))
        ws.write(2, 0, "Năm")
        ws.write_number(2, 1, year)
        for c, (label, width) in enumerate(HEADERS):
            ws.write(TOP, c, label, head)
            ws.set_column(c, c, width)
        r = TOP
        for record in records:
            level = asked_of(record)
            codes = codes_to_appraise(record, rule_set)
            for code in codes:
                r += 1
                checks = [c for c in record.checks if row_of(c, codes) == code]
                blocking = [c.text for c in checks if blocks(c, level)]  # as `year.outcome` counts them
                criterion = criteria.get(code)
                evidence = (record.claims[code].evidence if code in record.claims
                            else "; ".join(record.flags) if code == WHOLE else "")
                values = [record.unit.id, record.unit.name, rule_set.level_name(level) if level else "",
                          code, criterion.text if criterion else WHOLE_DOSSIER,
                          level_requirements(criterion) if criterion else WHOLE_REQUIREMENTS,
                          _claim_text(record, code, level), evidence, "\n".join(c.text for c in checks)]
                ws.write_row(r, 0, values, cell)
                ws.write(r, VERDICT_COL, DISAGREE if blocking else "", editable)
                ws.write(r, NOTE_COL, " ".join(blocking), editable)
                ws.set_row(r, 15 * max(text_lines(values[4], 39), text_lines(values[8], 39), text_lines(values[7], 33)))
        if r > TOP:
            ws.data_validation(TOP + 1, VERDICT_COL, r, VERDICT_COL, {
                "validate": "list", "source": f"={LISTS_SHEET}!$A$1:$A$2", "input_title": "Kết luận",
                "input_message": "Đồng ý hoặc Không đồng ý", "error_title": "Giá trị không hợp lệ",
                "error_message": "Chọn Đồng ý hoặc Không đồng ý trong danh sách."})
        ws.freeze_panes(TOP + 1, 2)
        ws.autofilter(TOP, 0, max(r, TOP), len(HEADERS) - 1)
        ws.protect("", {"autofilter": True, "sort": False, "format_rows": True, "format_columns": True})
        print_setup(ws, "Phiếu thẩm định", agency, f"Năm {year}")
        _units_sheet(wb, records, cell, head, editable, standings or {})
        wb.close()

    return atomic_write(Path(path), write)


def _units_sheet(wb, records: list[DossierRecord], cell, head, editable, standings: dict[int, str]) -> None:
    ws = wb.add_worksheet(UNITS_SHEET)
    for c, (label, width) in enumerate(UNIT_HEADERS):
        ws.write(0, c, label, head)
        ws.set_column(c, c, width)
    for r, record in enumerate(records, start=1):
        unit = record.unit
        ws.write_row(r, 0, [unit.id, unit.name, unit.admin_level], cell)
        ws.write(r, KIND_COL, UNIT_KINDS.get(unit.kind or "", ""), editable)
        ws.write_row(r, KIND_COL + 1, [
            "phần mềm dvht" if record.layout == "dvht" else "mẫu của Sở",
            short_date(record.dated) if record.dated else "", DATED_BY.get(record.dated_by, ""),
            ", ".join(record.files), "\n".join(record.flags), standings.get(unit.id, "")], cell)
    if records:
        ws.data_validation(1, KIND_COL, len(records), KIND_COL, {
            "validate": "list", "source": f"={LISTS_SHEET}!$B$1:$B${len(UNIT_KINDS)}", "input_title": "Loại hình",
            "input_message": "Loại hình đơn vị: quyết định chỉ tiêu 1.3 có áp dụng không.",
            "error_title": "Giá trị không hợp lệ", "error_message": "Chọn loại hình trong danh sách."})
    ws.freeze_panes(1, 2)
    ws.protect("", {"autofilter": True, "format_rows": True, "format_columns": True})


# --------------------------------------------------------------------------- reading it back


def read_appraisal(path: Path, year: int, records: list[DossierRecord], rule_set):
    """(verdicts {dossier id: {code: (agreed, note)}}, kinds {unit id: kind or None}, cells {dossier id: {code:
    the verdict's cell, "J12"}}); AppraisalError listing every cell that cannot be used."""
    out = Findings(path.name)
    try:
        wb = python_calamine.CalamineWorkbook.from_path(str(path))
    except UNREADABLE as exc:
        raise AppraisalError(render("appraisal-unreadable", path=path, error=exc)) from None
    for sheet in (SHEET, UNITS_SHEET):
        if sheet not in wb.sheet_names:
            out.report("appraisal-no-sheet", name=sheet)
    if out.items:
        raise AppraisalError(listed(render("appraisal-unusable", path=path), out.texts), out.items)
    rows = wb.get_sheet_by_name(SHEET).to_python(skip_empty_area=False)
    found_year = rows[2][1] if len(rows) > 2 and len(rows[2]) > 1 else ""
    if found_year != year:
        out.report("appraisal-other-year", found=found_year, year=year)
    by_unit = {r.unit.id: r for r in records}
    verdicts: dict[int, dict[str, tuple[bool, str]]] = {r.id: {} for r in records}
    cells: dict[int, dict[str, str]] = {r.id: {} for r in records}
    for i, row in enumerate(rows[TOP + 1:], start=TOP + 2):
        _verdict_row(row, i, by_unit, (verdicts, cells), year, rule_set, out)
    kinds = _kinds(wb.get_sheet_by_name(UNITS_SHEET).to_python(skip_empty_area=False), by_unit, out)
    if out.items:
        raise AppraisalError(listed(render("appraisal-errors", path=path, count=len(out.items)), out.texts), out.items)
    return verdicts, kinds, cells


def _unit_id(value) -> int | None:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


def _verdict_row(row: list, i: int, by_unit, into: tuple[dict, dict], year: int, rule_set, out: Findings) -> None:
    if all(is_empty(v) for v in row):
        return
    record = by_unit.get(_unit_id(row[0]))
    code = normalize(row[3]) if len(row) > 3 and not is_empty(row[3]) else ""
    if record is None or code not in codes_to_appraise(record, rule_set):
        out.report("appraisal-unknown-row", SHEET, f"A{i}", row=i, value=f"{row[0]}, {code}", year=year)
        return
    given = row[VERDICT_COL] if len(row) > VERDICT_COL else ""
    note = normalize(row[NOTE_COL]) if len(row) > NOTE_COL and not is_empty(row[NOTE_COL]) else ""
    at = f"{xl_col_to_name(VERDICT_COL)}{i}"
    name = record.unit.name
    if is_empty(given):
        out.report("appraisal-missing-verdict", SHEET, at, unit=name, code=code)
    elif fold(given) not in (fold(AGREE), fold(DISAGREE)):
        out.report("appraisal-bad-verdict", SHEET, at, given, unit=name, code=code)
    elif fold(given) == fold(DISAGREE) and not note:
        out.report("appraisal-no-reason", SHEET, f"{xl_col_to_name(NOTE_COL)}{i}", unit=name, code=code)
    else:
        into[0][record.id][code] = (fold(given) == fold(AGREE), note)
        into[1][record.id][code] = at


def agreed_but_blocked_notices(records: list[DossierRecord], cells: dict[int, dict[str, str]], rule_set) -> list[str]:
    """Every "Đồng ý" that does not count, at its cell (`Tham_dinh!J12: …`): an automatic check refuses the row
    (year.agreed_but_blocked; `records` as checked again after the reading). Said, never an error: the other
    units' documents are written."""
    out = Findings()
    for record in records:
        for code, check in agreed_but_blocked(record, codes_to_appraise(record, rule_set)):
            row = render("appraisal-row-whole") if code == WHOLE else render("appraisal-row-indicator", code=code)
            out.report("appraisal-agree-blocked", SHEET, cells.get(record.id, {}).get(code), unit=record.unit.name,
                       row=row, reason=check.text)
    return out.texts


def _kinds(rows: list[list], by_unit, out: Findings) -> dict[int, str | None]:
    labels = {fold(label): key for key, label in UNIT_KINDS.items()}
    kinds: dict[int, str | None] = {}
    for i, row in enumerate(rows[1:], start=2):
        record = by_unit.get(_unit_id(row[0]) if row else None)
        if record is None:
            continue
        value = row[KIND_COL] if len(row) > KIND_COL else ""
        if is_empty(value):
            kinds[record.unit.id] = None
        elif fold(value) in labels:
            kinds[record.unit.id] = labels[fold(value)]
        else:
            out.report("appraisal-bad-kind", UNITS_SHEET, f"{xl_col_to_name(KIND_COL)}{i}", value,
                       unit=record.unit.name, allowed="; ".join(UNIT_KINDS.values()))
    return kinds
