"""Builders for real input workbooks in tests (xlsxwriter; openpyxl where noted).

Default department layout (cell references used by tests):
  Thong_tin:  A1 Mã đơn vị | B1 STC;  A2 Mã phòng | B2 VP;  A3 Tên phòng;  A4 Kỳ báo cáo | B4;
              A5 Ngày lập;  A6 Người lập;  A7 Danh hiệu tập thể
  Thanh_vien: row 1 = header, members from row 2; columns A STT, B Họ và tên, C Năm sinh, D Giới tính,
              E Chức vụ, F Kế hoạch tự học, G Tuân thủ kỷ luật, H Hoàn thành bồi dưỡng,
              I Danh hiệu thi đua, J…Q NL1…NL8, R Không tính, S Ghi chú

Also the agency's configuration (`config_dict`, `config_toml`, `write_config`: dvht.toml), a small
levels-scheme rule set (`LEVELS_RULES`), `run_cli` (the real command line in a subprocess) and `clock`
(the fixed time of a run in the library).
"""
from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path

import xlsxwriter

OMIT = object()  # leave a label out of Thong_tin

# The time a test run takes place (`pipeline.run_period(..., clock=clock)`): tests never read the wall clock.
RUN_AT = datetime(2026, 1, 10, 9, 30)


def clock() -> datetime:
    return RUN_AT


def write_run(result, out: Path, **options):
    """`period_outputs.write_outputs` under the output folder's lock, as `pipeline.run_period` calls it."""
    from dvht_batch import period_outputs
    from dvht_batch.output.lock import output_lock

    with output_lock(out, "run"):
        return period_outputs.write_outputs(result, out, **options)

HEADERS = ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Chức vụ", "Kế hoạch tự học", "Tuân thủ kỷ luật",
           "Hoàn thành bồi dưỡng", "Danh hiệu thi đua", *[f"NL{i}" for i in range(1, 9)], "Không tính", "Ghi chú"]
COL = {h: chr(ord("A") + i) for i, h in enumerate(HEADERS)}  # header → column letter (A…S)

DEPARTMENTS = (("VP", "Văn phòng"), ("KT", "Phòng Kế toán"), ("TCHC", "Phòng Tổ chức hành chính"))


def config_dict(unit: str = "STC", departments=DEPARTMENTS, rule_set: str = "tt22-2020", *,
                name: str = "Sở Tài chính", place: str = "Quảng Ngãi", signer: str = "Nguyễn Văn An",
                deputy: bool = False, **extra) -> dict:
    """dvht.toml as a dict: the agency `unit`/`name`, its `departments` as (code, name) pairs, the rule set.

    The signer is the Giám đốc; `deputy=True` has a Phó Giám đốc sign for him ("KT."). `extra`: further
    keys; a dict given for an existing section is merged into it (`don_vi={"co_quan_chu_quan": …}`),
    anything else is set as it is (`noi_nhan=[…]`, `van_ban={…}`).
    """
    data = {
        "don_vi": {"ten": name, "ma": unit, "dia_danh": place},
        "nguoi_ky": {"chuc_vu": "Giám đốc", "ho_ten": signer},
        "danh_gia": {"bo_tieu_chi": rule_set},
        "phong": [{"ma": code, "ten": text} for code, text in departments],
    }
    if deputy:
        data["nguoi_ky"].update(quyen_han="KT.", chuc_vu_ky="Phó Giám đốc")
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return data


CONFIG = config_dict()


def toml_text(data: dict) -> str:
    """A dict as TOML text: plain keys first, then [tables], then [[arrays of tables]]."""
    def key(k: str) -> str:
        return k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else json.dumps(k, ensure_ascii=False)

    def value(v) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return str(v)
        if isinstance(v, str):
            return json.dumps(v, ensure_ascii=False)
        if isinstance(v, (list, tuple)):
            return "[" + ", ".join(value(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{key(k)} = {value(x)}" for k, x in v.items()) + " }"
        if isinstance(v, date) and not isinstance(v, datetime):
            return f"{v.year:04d}-{v.month:02d}-{v.day:02d}"  # a TOML local date (isoformat drops year 1's zeros)
        raise TypeError(f"no TOML form for {v!r}")

    def is_table_array(v) -> bool:
        return isinstance(v, (list, tuple)) and bool(v) and all(isinstance(x, dict) for x in v)

    def body(table: dict) -> list[str]:
        return [f"{key(k)} = {value(v)}" for k, v in table.items()]

    plain = {k: v for k, v in data.items() if not isinstance(v, dict) and not is_table_array(v)}
    lines = body(plain)
    for k, v in data.items():
        if isinstance(v, dict):
            lines += ["", f"[{key(k)}]", *body(v)]
    for k, v in data.items():
        if is_table_array(v):
            for item in v:
                lines += ["", f"[[{key(k)}]]", *body(item)]
    return "\n".join(lines).lstrip("\n") + "\n"


def config_toml(*args, **kwargs) -> str:
    """The text of a dvht.toml; arguments as for `config_dict`."""
    return toml_text(config_dict(*args, **kwargs))


def write_config(folder: Path, *args, filename: str = "dvht.toml", **kwargs) -> Path:
    """Write `folder/dvht.toml` (arguments as for `config_dict`) and return its path."""
    path = Path(folder) / filename
    path.write_text(config_toml(*args, **kwargs), encoding="utf-8")
    return path


def copies_of_a_department(folder: Path, count: int, members: int) -> list[Path]:
    """`folder` with a dvht.toml and `count` copies of one department's workbook (`members` members each)."""
    folder.mkdir(parents=True, exist_ok=True)
    write_config(folder)
    first = write_department(folder / "VP_000.xlsx", [member(f"Người {i}") for i in range(members)])
    for i in range(1, count):
        shutil.copy(first, folder / f"VP_{i:03d}.xlsx")
    return sorted(folder.glob("*.xlsx"))


def kill_and_wait_for(parent: subprocess.Popen, children: list[int], seconds: float = 10) -> list[int]:
    """SIGKILL `parent` (no cleanup of its own), then wait up to `seconds` for its `children` to end; returns
    those still alive, killed too so that a failing test leaves nothing behind."""
    import os
    import signal
    import time

    from dvht_batch.output.lock import pid_alive

    try:
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=60)
    finally:
        if parent.stdout:
            parent.stdout.close()
    deadline = time.monotonic() + seconds
    while any(pid_alive(c) for c in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = [c for c in children if pid_alive(c)]
    for c in alive:
        os.kill(c, signal.SIGKILL)
    return alive


def run_cli(*args, cwd: Path | str | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """`python -m dvht_batch ARGS` in a subprocess, as a user runs it: output captured as UTF-8 text."""
    return subprocess.run([sys.executable, "-m", "dvht_batch", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", timeout=timeout)


# A small rule set of the levels scheme (the shape of tt24-2023), to check that code handles both schemes:
# one unit-input indicator (1.1), two member ratios (2.1 at 90 %/90 %, 3.1 at 80 %/95 %), the collective title.
LEVELS_RULES = """
[bo_tieu_chi]
ma = "muc-do-thu"
ten = "Bộ tiêu chí thử theo mức độ"
phien_ban = "1"
can_cu = "Thông tư số 24/2023/TT-BGDĐT ngày 11/12/2023 của Bộ trưởng Bộ Giáo dục và Đào tạo"
cach_tinh = "muc_do"
muc_do = [1, 2]

[[nhom]]
ma = "1"
ten = "Điều kiện bảo đảm việc học tập"

[[nhom]]
ma = "2"
ten = "Kết quả học tập của thành viên"

[[nhom]]
ma = "3"
ten = "Tác động của việc học tập"

[[tieu_chi]]
ma = "1.1"
nhom = "1"
noi_dung = "Có kế hoạch học tập hằng năm cho thành viên"
loai = "don_vi_tu_cham"

[[tieu_chi]]
ma = "2.1"
nhom = "2"
noi_dung = "Ít nhất 90% thành viên chấp hành kỷ luật lao động, nội quy cơ quan"
loai = "ty_le_thanh_vien"
cot = "tuan_thu_ky_luat"
dieu_kien = "co"
muc_tieu = { 1 = "0.90", 2 = "0.90" }

[[tieu_chi]]
ma = "3.1"
nhom = "3"
noi_dung = "Thành viên đạt danh hiệu “Công dân học tập”"
loai = "ty_le_thanh_vien"
cot = "cong_dan_hoc_tap"
dieu_kien = "co"
muc_tieu = { 1 = "0.80", 2 = "0.95" }
chua_xac_nhan = true

[[tieu_chi]]
ma = "3.3"
nhom = "3"
noi_dung = "Đơn vị đạt danh hiệu tập thể"
loai = "danh_hieu_tap_the"
toi_thieu = { 1 = "Tập thể lao động tiên tiến", 2 = "Tập thể lao động xuất sắc" }
"""


def info(**values) -> list[list]:
    """Thong_tin rows; pass label=value (by key below) to change, OMIT to drop a row."""
    fields = {
        "ma_don_vi": ("Mã đơn vị", "STC"),
        "ma_phong": ("Mã phòng", "VP"),
        "ten_phong": ("Tên phòng", "Văn phòng"),
        "ky_bao_cao": ("Kỳ báo cáo", "11/2025"),
        "ngay_lap": ("Ngày lập", "05/11/2025"),
        "nguoi_lap": ("Người lập", "Trần Thị Bình"),
        "danh_hieu_tap_the": ("Danh hiệu tập thể", "Tập thể lao động tiên tiến"),
    }
    rows = []
    for key, (label, default) in fields.items():
        value = values.pop(key, default)
        if value is not OMIT:
            rows.append([label, value])
    assert not values, f"unknown info keys {values}"
    return rows


def member(name: str, stt: int | None = None, **values) -> dict:
    """A member as header → value; defaults meet every criterion. Keys: header texts or short names."""
    row = {"Họ và tên": name, "Năm sinh": 1985, "Giới tính": "Nam", "Chức vụ": "Chuyên viên",
           "Kế hoạch tự học": "Đã phê duyệt", "Tuân thủ kỷ luật": "Có", "Hoàn thành bồi dưỡng": "Có",
           "Danh hiệu thi đua": "Lao động tiên tiến", **{f"NL{i}": "Có" for i in range(1, 9)},
           "Không tính": None, "Ghi chú": None}
    if stt is not None:
        row["STT"] = stt
    row.update(values)
    return row


def members_rows(members: list[dict], headers: list[str] = HEADERS, keys: list[str] | None = None,
                 above: list[list] | None = None) -> list[list]:
    """Title rows `above`, the header row (texts `headers`), then one row per member.

    `keys` gives, per column, the member-dict key (the standard header) when `headers` are spelled
    differently or reordered; STT is numbered automatically when not given.
    """
    keys = keys or headers
    rows = [list(r) for r in (above or [])]
    rows.append(list(headers))
    for i, m in enumerate(members, start=1):
        row = []
        for key in keys:
            value = m.get(key)
            if key == "STT" and value is None and "STT" not in m:
                value = i
            row.append(value)
        rows.append(row)
    return rows


def many_members(n: int) -> list[dict]:
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi"]
    given = ["An", "Bình", "Chi", "Dũng", "Đào", "Giang", "Hà", "Hòa", "Khánh", "Lan", "Minh", "Nga"]
    return [member(f"{family[i % 8]} Văn {given[i % 12]} {i}", stt=i + 1) for i in range(n)]


def department_sheets(members: list[dict] | None = None, **info_values) -> dict[str, list[list]]:
    if members is None:
        members = [member("Nguyễn Văn An"), member("Trần Thị Bình", **{"Giới tính": "Nữ"})]
    return {"Thong_tin": info(**info_values), "Thanh_vien": members_rows(members)}


def filled_cells(rows: list[list]):
    """(row index, column index, value) of every cell that is not None."""
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                yield r, c, value


def write_xlsx(path: Path, sheets: dict[str, list[list]], merges: dict[str, list[tuple]] | None = None) -> Path:
    """Write rows as real cell types: str (never a formula), numbers, bools, dates (formatted dd/mm/yyyy)."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False})
    date_format = wb.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, c, value in filled_cells(rows):
            if isinstance(value, (datetime, date)):
                ws.write_datetime(r, c, value, date_format)
            elif isinstance(value, bool):
                ws.write_boolean(r, c, value)
            elif isinstance(value, (int, float)):
                ws.write_number(r, c, value)
            else:
                ws.write_string(r, c, str(value))
        for first_row, first_col, last_row, last_col, text in (merges or {}).get(name, []):
            ws.merge_range(first_row, first_col, last_row, last_col, text)
    wb.close()
    return path


def write_department(path: Path, members: list[dict] | None = None, **info_values) -> Path:
    return write_xlsx(path, department_sheets(members, **info_values))


def unit_sheets(scores: dict[str, object] | None = None, extra_rows: list[list] | None = None,
                **info_values) -> dict[str, list[list]]:
    scores = scores if scores is not None else {"1a": 10, "1b": "9,5", "1c": 8.25, "3c": "5"}
    info_values.setdefault("ma_phong", OMIT)
    rows = [["BẢNG TỰ CHẤM ĐIỂM CÁC TIÊU CHÍ"],
            ["Mã tiêu chí", "Nội dung", "Điểm tối đa", "Điểm tự chấm", "Đạt", "Minh chứng"]]
    maxima = {"1a": 10, "1b": 10, "1c": 10, "3c": 5}
    for code, score in scores.items():
        rows.append([code, f"Nội dung tiêu chí {code}", maxima.get(code, 10), score, None,
                     f"KH số 12/KH-STC ngày 05/01/2025 ({code})"])
    rows.extend(extra_rows or [])
    return {"Thong_tin": info(**info_values), "Tieu_chi": rows}


def write_xlsm(path: Path, sheets: dict[str, list[list]]) -> Path:
    """A macro-enabled workbook: the xlsm content type and a (dummy) VBA project part."""
    buffer = io.BytesIO()
    tmp = path.with_suffix(".tmp.xlsx")
    write_xlsx(tmp, sheets)
    with zipfile.ZipFile(tmp) as zin, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml")
                data = data.replace(b"</Types>", b'<Default Extension="bin" '
                                    b'ContentType="application/vnd.ms-office.vbaProject"/></Types>')
            zout.writestr(item, data)
        zout.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    tmp.unlink()
    path.write_bytes(buffer.getvalue())
    return path


def rewrite_member(path: Path, member_name: str, transform) -> None:
    """Rewrite one zip member of an existing workbook in place: transform(bytes) → bytes."""
    with zipfile.ZipFile(path) as zin:
        items = [(i, zin.read(i)) for i in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item, data in items:
            zout.writestr(item, transform(data) if item.filename == member_name else data)


def by_code(record, code: str) -> list:
    return [f for f in record.findings if f.code == code]


def errors_at(record) -> dict:
    """{'Thanh_vien!H7': finding} for the record's errors."""
    return {f.location: f for f in record.errors}


def write_styled(path: Path, sheets: dict[str, list[list]], font=None) -> Path:
    """Like `write_xlsx`, with a font per cell: `font(sheet, r, c, value)` → font name or None (default).

    Written with openpyxl for .xlsx, with xlwt for .xls (a test dependency), so that cells can carry
    legacy fonts such as ".VnTime" or "VNI-Times".
    """
    font = font or (lambda sheet, r, c, value: None)
    if Path(path).suffix.lower() == ".xls":
        import xlwt

        wb = xlwt.Workbook(encoding="utf-8")
        styles: dict = {}
        for name, rows in sheets.items():
            ws = wb.add_sheet(name)
            for r, c, value in filled_cells(rows):
                fname = font(name, r, c, value)
                if fname not in styles:
                    style = xlwt.XFStyle()
                    if fname:
                        style.font = xlwt.Font()
                        style.font.name = fname
                    styles[fname] = style
                ws.write(r, c, value, styles[fname])
        wb.save(str(path))
        return path
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    fonts: dict = {}
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, c, value in filled_cells(rows):
            target = ws.cell(row=r + 1, column=c + 1)
            target.value = value
            if isinstance(value, str) and value.startswith("="):
                target.data_type = "s"  # text, never a formula
            fname = font(name, r, c, value)
            if fname:
                target.font = fonts.setdefault(fname, Font(name=fname))
    wb.save(str(path))
    return path


def fake_soffice(monkeypatch) -> list[list[str]]:
    """LibreOffice replaced by what it does (one PDF per document into --outdir), to count its runs; the
    commands it was given are returned (the render tests use the real LibreOffice)."""
    from dvht_batch.writers.docx import pdf as pdf_module

    calls: list[list[str]] = []

    def fake_run(cmd, limit):
        calls.append(cmd)
        out_dir = Path(cmd[cmd.index("--outdir") + 1])
        for doc in cmd[cmd.index("--outdir") + 2:]:
            (out_dir / Path(doc).with_suffix(".pdf").name).write_bytes(b"%PDF-1.7 test")
        return subprocess.CompletedProcess(cmd, 0, "", "")

    monkeypatch.setattr(pdf_module, "find_soffice", lambda: "soffice")
    monkeypatch.setattr(pdf_module, "_run", fake_run)
    return calls


def office_rules_text(level_2: bool = True) -> str:
    """The office's own copy of the bundled tt24-2023 rule file after checking it against the circular
    (docs/bo-tieu-chi.md §7): Tiêu chí 2's missing indicator settled (`chua_du_chi_tieu` removed), the level-2
    thresholds of 2.1, 2.2 confirmed when `level_2`, `phien_ban` raised."""
    from importlib import resources

    text = resources.files("dvht_batch.rules").joinpath("tt24-2023.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^chua_du_chi_tieu = .*\n", "", text)
    if level_2:
        text = re.sub(r"(?m)^chua_xac_nhan_muc_do = \[2\]\n", "", text)
    return re.sub(r'(?m)^phien_ban = "([^"]+)"', r'phien_ban = "\1-vp1"', text)


def office_rule_set(level_2: bool = True):
    """`office_rules_text` parsed: the rule set a run uses once the office has confirmed its copy."""
    from dvht_batch.rules import parse_rule_set

    return parse_rule_set(office_rules_text(level_2), "tieu-chi-tt24.toml")


def office_rules(folder: Path, level_2: bool = True, name: str = "tieu-chi-tt24.toml") -> str:
    """`office_rules_text` written into `folder`; returns the file name, for `write_config(rule_set=…)`."""
    Path(folder).mkdir(parents=True, exist_ok=True)
    (Path(folder) / name).write_text(office_rules_text(level_2), encoding="utf-8")
    return name
