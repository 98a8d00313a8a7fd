"""Reading one unit's summary table of criteria and indicators, exactly, in either of the two layouts of
the data contract (docs/tinh.md, "Bảng tổng hợp"):

- `dvht`: `3_bang_tong_hop_tieu_chi.xlsx` written by `dvht ho-so` (writers/xlsx_dossier.py), sheet
  `Bang_tong_hop`; layout version in the custom property `dvht_bang_tong_hop` (absent: version 1, the
  layout before the marker); the unit's name in the document property "creator" (and, upper case, in A1),
  its code and the report's date in the "(Kèm theo Báo cáo số …/BC-<mã> ngày …)" line (A3).
- `mau_tinh`: the province template (`dvht tinh mau-ho-so`, province/template.py), sheet `Ho_so`: the
  unit's particulars as label/value rows, then the same indicator table.

Both give a `UnitTable`; every problem is a finding with its cell, in Vietnamese. Nothing is guessed: a
table without the unit's name is refused.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from xml.etree import ElementTree

import python_calamine

from dvht_batch.messages import Findings
from dvht_batch.setup.unit_kinds import UNIT_KINDS
from dvht_batch.vn.dates import parse_day_first
from dvht_batch.vn.text import fold, is_empty, normalize
from dvht_batch.writers.xlsx_dossier import LAYOUT_PROPERTY, LAYOUT_VERSION, SHEET as DVHT_SHEET

TEMPLATE_SHEET = "Ho_so"
TEMPLATE_PROPERTY = "dvht_mau_tinh"
TEMPLATE_VERSION = "1"
VERDICTS = {"dat": "Đạt", "khong dat": "Không đạt", "khong ap dung": "Không áp dụng"}
HEADER_SCAN = 15
# The province template's particulars (label in column A, value in column B), in order.
PARTICULARS = {"ten": "Tên đơn vị", "ma": "Mã đơn vị (nếu có)", "loai_hinh": "Loại hình", "nam": "Năm của số liệu",
               "muc_do": "Mức độ đề nghị công nhận", "ngay": "Ngày văn bản đề nghị"}
KIND_LABELS = {label: key for key, label in UNIT_KINDS.items()}
_REFERENCE = re.compile(r"/BC-(?P<code>\S+?)\s+ngày\s+(?P<date>[\d\s/]+?)\s+của\s+(?P<name>.+?)\)?\s*$")
_YEAR = re.compile(r"NĂM\s+(\d{4})\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Claim:
    """What the unit states of one indicator: members counted, rate, verdict per level, evidence."""

    code: str
    row: int                                   # the worksheet row (1-based), for messages
    count: int | None = None
    denominator: int | None = None
    ratio: Decimal | None = None
    verdicts: dict[int, str] = field(default_factory=dict)   # level → "Đạt" / "Không đạt" / "Không áp dụng"
    evidence: str = ""


@dataclass
class UnitTable:
    path: Path
    layout: str                                # "dvht" | "mau_tinh"
    version: int
    sheet: str
    unit_name: str = ""
    unit_code: str | None = None
    year: int | None = None
    document_date: date | None = None          # the date printed on the table (report or request)
    unit_kind: str | None = None               # template only: the unit's own declaration
    requested_level: int | None = None         # template only
    overall: str | None = None                 # dvht: "Kết quả chung" as written (None: no such row; overall.py)
    claims: dict[str, Claim] = field(default_factory=dict)
    findings: Findings = field(default_factory=Findings)

    @property
    def readable(self) -> bool:
        return bool(self.unit_name) and not any(f.severity.name == "ERROR" for f in self.findings.items)


def custom_properties(path: Path) -> dict[str, str]:
    """docProps/custom.xml of an OOXML file as name → text ({} when there is none)."""
    return _props(path, "docProps/custom.xml", "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}property")


def core_creator(path: Path) -> str:
    return _props(path, "docProps/core.xml", "{http://purl.org/dc/elements/1.1/}creator").get("creator", "")


def _props(path: Path, part: str, tag: str) -> dict[str, str]:
    try:
        with zipfile.ZipFile(path) as zf:
            root = ElementTree.fromstring(zf.read(part))
    except (KeyError, OSError, zipfile.BadZipFile, ElementTree.ParseError):
        return {}
    out = {}
    for el in root.iter(tag):
        out[el.get("name") or "creator"] = "".join(el.itertext()).strip()
    return out


def layout_of(path: Path, sheet_names: list[str]) -> str | None:
    """Which layout a workbook is in, from its sheets: "dvht", "mau_tinh" or None (not a summary table)."""
    if DVHT_SHEET in sheet_names:
        return "dvht"
    if TEMPLATE_SHEET in sheet_names:
        return "mau_tinh"
    return None


UNREADABLE = (python_calamine.CalamineError, python_calamine.PasswordError, python_calamine.XmlError,
              python_calamine.ZipError, OSError, ValueError)   # a workbook calamine cannot open or read


def read_table(path: Path, rel: str, rule_set, year: int) -> UnitTable | None:
    """The table in `path` (`rel`: its name for messages); None when the workbook is no summary table;
    one of UNREADABLE when it cannot be read at all."""
    wb = python_calamine.CalamineWorkbook.from_path(str(path))
    layout = layout_of(path, wb.sheet_names)
    if layout is None:
        return None
    sheet = DVHT_SHEET if layout == "dvht" else TEMPLATE_SHEET
    rows = wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    props = custom_properties(path)
    marker = props.get(LAYOUT_PROPERTY if layout == "dvht" else TEMPLATE_PROPERTY) or "1"
    table = UnitTable(path, layout, int(marker) if marker.isdigit() else 0, sheet, findings=Findings(rel))
    known = int(LAYOUT_VERSION if layout == "dvht" else TEMPLATE_VERSION)
    if table.version > known or table.version < 1:
        table.findings.report("table-newer-layout", found=marker, known=known)
        return table
    header = _find_header(rows, rule_set, table)
    if header is None:
        return table
    if layout == "dvht":
        _dvht_particulars(rows, path, table)
    else:
        _template_particulars(rows, header, table, rule_set)
    _indicators(rows, header, table, rule_set)
    if table.year is not None and table.year != year:
        table.findings.report("table-other-year", table.sheet, None, found=table.year, year=year)
    return table


# --------------------------------------------------------------------------- particulars


def _dvht_particulars(rows: list[list], path: Path, table: UnitTable) -> None:
    first = normalize(rows[0][0]) if rows and rows[0] else ""
    creator = normalize(core_creator(path))
    # the name as the unit writes it (document property), when it is the one printed in A1
    table.unit_name = creator if creator and creator.upper() == first.upper() else first
    if not table.unit_name:
        table.findings.report("table-no-unit", table.sheet, "A1")
    title = normalize(rows[1][0]) if len(rows) > 1 and rows[1] else ""
    found = _YEAR.search(title)
    if found:
        table.year = int(found.group(1))
    else:
        table.findings.report("table-no-year", table.sheet, "A2", title)
    reference = normalize(rows[2][0]) if len(rows) > 2 and rows[2] else ""
    m = _REFERENCE.search(reference)
    if m:
        table.unit_code = m.group("code")
        table.document_date = parse_day_first(re.sub(r"\s+", "", m.group("date")))


def _template_particulars(rows: list[list], header: int, table: UnitTable, rule_set) -> None:
    labels = {fold(label): key for key, label in PARTICULARS.items()}
    values: dict[str, tuple[object, int]] = {}
    for r in range(header):
        row = rows[r]
        key = labels.get(fold(row[0])) if row else None
        if key and len(row) > 1:
            values[key] = (row[1], r + 1)
    name, r = values.get("ten", ("", 0))
    table.unit_name = normalize(name) if not is_empty(name) else ""
    if not table.unit_name:
        table.findings.report("table-no-unit", table.sheet, f"B{r or 1}")
    code = values.get("ma", ("", 0))[0]
    table.unit_code = normalize(code) or None if not is_empty(code) else None
    year, r = values.get("nam", ("", 0))
    table.year = _int(year)
    if table.year is None:
        table.findings.report("table-no-year", table.sheet, f"B{r}", year)
    kind, r = values.get("loai_hinh", ("", 0))
    if not is_empty(kind):
        table.unit_kind = KIND_LABELS.get(normalize(kind)) or (normalize(kind) if normalize(kind) in UNIT_KINDS else None)
        if table.unit_kind is None:
            table.findings.report("table-bad-kind", table.sheet, f"B{r}", kind,
                                  allowed="; ".join(UNIT_KINDS.values()))
    level, r = values.get("muc_do", ("", 0))
    names = {fold(rule_set.level_name(lv)): lv for lv in rule_set.levels}
    if not is_empty(level):
        table.requested_level = names.get(fold(level)) or _int(level)
        if table.requested_level not in rule_set.levels:
            table.findings.report("table-bad-level", table.sheet, f"B{r}", level,
                                  allowed=" hoặc ".join(rule_set.level_name(lv) for lv in rule_set.levels))
            table.requested_level = None
    when, r = values.get("ngay", ("", 0))
    if not is_empty(when):
        table.document_date = _date(when)
        if table.document_date is None:
            table.findings.report("table-bad-date", table.sheet, f"B{r}", when)


# --------------------------------------------------------------------------- the indicator rows


def _find_header(rows: list[list], rule_set, table: UnitTable) -> int | None:
    for r, row in enumerate(rows[:HEADER_SCAN]):
        if len(row) > 1 and fold(row[0]) == "ma" and fold(row[1]).startswith("tieu chi"):
            return r
    table.findings.report("table-no-header", table.sheet, None, rows=HEADER_SCAN,
                          levels=", ".join(rule_set.level_name(lv) for lv in rule_set.levels))
    return None


def _columns(header_row: list) -> dict[str, int]:
    cols = {}
    for c, value in enumerate(header_row):
        key = fold(value)
        for name, wanted in (("count", "so thanh vien dat"), ("denominator", "so thanh vien duoc tinh"),
                             ("ratio", "ty le"), ("evidence", "minh chung")):
            if key.startswith(wanted) and name not in cols:
                cols[name] = c
        m = re.fullmatch(r"muc do (\d+)", key)
        if m:
            cols[f"level{m.group(1)}"] = c
    return cols


def _indicators(rows: list[list], header: int, table: UnitTable, rule_set) -> None:
    cols = _columns(rows[header])
    known = {c.code for c in rule_set.criteria}
    for r in range(header + 1, len(rows)):
        row = rows[r]
        code = normalize(row[0]) if row and not is_empty(row[0]) else ""
        if fold(code) == "ket qua chung":
            table.overall = _overall(row, cols)
            continue
        if isinstance(row[0], float) and row[0].is_integer():
            code = str(int(row[0]))
        if not code or "." not in code:
            continue  # a criterion's heading row ("1", "Tiêu chí 1: …")
        if code not in known:
            table.findings.report("table-unknown-code", table.sheet, f"A{r + 1}", code, rule_set=rule_set.id)
            continue
        table.claims[code] = _claim(row, r + 1, code, cols, table, rule_set)
    for c in rule_set.criteria:
        if c.code not in table.claims:
            table.findings.report("table-missing-code", table.sheet, None, code=c.code, text=c.text,
                                  rule_set=rule_set.id)


def _overall(row: list, cols: dict[str, int]) -> str:
    """The "Kết quả chung" row's statement: what is written under the level columns (our table merges them
    into one cell; a hand may have written in another of them), the cells' texts joined when several."""
    levels = sorted(c for k, c in cols.items() if k.startswith("level"))
    if not levels:
        return ""
    return " ".join(normalize(v) for v in row[levels[0]:levels[-1] + 1] if not is_empty(v))


def _cell(row: list, col: int | None):
    return row[col] if col is not None and col < len(row) else ""


def _claim(row: list, r: int, code: str, cols: dict[str, int], table: UnitTable, rule_set) -> Claim:
    from xlsxwriter.utility import xl_col_to_name

    def at(name: str) -> str:
        return f"{xl_col_to_name(cols[name])}{r}"

    numbers: dict[str, int | None] = {}
    for name, what in (("count", "số thành viên đạt"), ("denominator", "số thành viên được tính")):
        value = _cell(row, cols.get(name))
        numbers[name] = _int(value)
        if not is_empty(value) and (numbers[name] is None or numbers[name] < 0):
            table.findings.report("table-bad-count", table.sheet, at(name), value, what=what.capitalize(), code=code)
            numbers[name] = None
    raw_ratio = _cell(row, cols.get("ratio"))
    ratio = _ratio(raw_ratio)
    if not is_empty(raw_ratio) and ratio is None:
        table.findings.report("table-bad-ratio", table.sheet, at("ratio"), raw_ratio, code=code)
    verdicts: dict[int, str] = {}
    for lv in rule_set.levels:
        key = f"level{lv}"
        value = _cell(row, cols.get(key))
        if is_empty(value):
            continue
        verdict = VERDICTS.get(fold(value))
        if verdict is None:
            table.findings.report("table-bad-verdict", table.sheet, at(key), value, code=code,
                                  level=rule_set.level_name(lv))
        else:
            verdicts[lv] = verdict
    evidence = _cell(row, cols.get("evidence"))
    return Claim(code, r, numbers["count"], numbers["denominator"], ratio, verdicts,
                 "" if is_empty(evidence) else normalize(evidence))


def _int(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and float(value).is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d{1,9}\s*", value):
        return int(value)
    return None


def _ratio(value) -> Decimal | None:
    """0.9667 (a number, as Excel stores 96,67%), "96,67%" or "0,9667" → Decimal ratio 0…1."""
    if isinstance(value, bool) or is_empty(value):
        return None
    text = str(value).strip().replace(" ", "")
    percent = text.endswith("%")
    text = text.rstrip("%").replace(",", ".")
    try:
        d = Decimal(text)
    except InvalidOperation:
        return None
    if not d.is_finite():
        return None
    d = d / 100 if percent or d > 1 else d
    return d if 0 <= d <= 1 else None


def _date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return parse_day_first(str(value)) if isinstance(value, str) else None
