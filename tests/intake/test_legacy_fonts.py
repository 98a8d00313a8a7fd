"""Old files typed in legacy Vietnamese encodings (TCVN3/ABC, VNI-Windows) are converted and warned about.

Fixtures are real workbooks: .xlsx written with openpyxl, .xls with xlwt, each text cell with its font
(".VnTime", ".VnTimeH", "VNI-Times", or Arial when the fonts were lost); legacy text is produced with
`dvht_batch.vn.legacy.encode`.
"""
import json
import random

import openpyxl
import pytest
from builders import (HEADERS, by_code, department_sheets, member, run_cli, unit_sheets, write_config, write_department,
                      write_styled)

from dvht_batch.intake import legacy_fonts
from dvht_batch.models import FileKind, PlanStatus, Severity, Title
from dvht_batch.vn.legacy import TCVN3, TCVN3_UPPER, VNI, encode, looks_legacy

NAMES = ["Nguyễn Văn An", "Lê Thị Hương", "Đặng Quốc Dũng", "Trương Thị Thanh Tuyết"]  # ư is TCVN3's U+00AD
# (no capital with a tone: TCVN3 has none, old files wrote them with the lower-case code)
SUFFIXES = [".xlsx", ".xls"]


def members():
    return [member(n, **({"Giới tính": "Nữ"} if "Thị" in n else {})) for n in NAMES]


def encoded(sheets, encoding, only=None):
    """Every text (or only the cells where only(sheet, r, c) is true) written in a legacy encoding."""
    return {name: [[encode(v, encoding) if isinstance(v, str) and (only is None or only(name, r, c)) else v
                    for c, v in enumerate(row)] for r, row in enumerate(rows)]
            for name, rows in sheets.items()}


def font_for(font, only=None):
    return lambda sheet, r, c, value: font if isinstance(value, str) and (only is None or only(sheet, r, c)) else None


def legacy_warnings(rec):
    return {f.sheet: f for f in by_code(rec, "legacy-encoding")}


def assert_answers_parsed(rec):
    assert rec.errors == []
    for m in rec.members:
        assert m.answers["ke_hoach_tu_hoc"] is PlanStatus.APPROVED
        assert m.answers["danh_hieu_thi_dua"] is Title.LDTT
        assert all(m.answers[k] is True for k in ["tuan_thu_ky_luat", "hoan_thanh_boi_duong",
                                                    *[f"nl{i}" for i in range(1, 9)]])


def non_ascii_cells(rows):
    return [(r, c) for r, row in enumerate(rows) for c, v in enumerate(row) if isinstance(v, str) and not v.isascii()]


@pytest.fixture
def openpyxl_calls(monkeypatch):
    """Records (and refuses) every openpyxl.load_workbook call made by intake."""
    calls = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise RuntimeError("openpyxl must not be used here")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)
    return calls


# --------------------------------------------------------------------------- by font


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_tcvn3_file_in_vntime_font(tmp_path, read, suffix):
    sheets = department_sheets(members())
    legacy = encoded(sheets, TCVN3)
    assert legacy["Thanh_vien"][1][HEADERS.index("Tuân thủ kỷ luật")] == "Cã"  # not detectable without the font
    assert legacy["Thanh_vien"][1][HEADERS.index("Kế hoạch tự học")] == "§· phª duyÖt"
    rec = read(write_styled(tmp_path / f"VP{suffix}", legacy, font_for(".VnTime")))
    assert rec.kind is FileKind.DEPARTMENT
    assert [m.name for m in rec.members] == NAMES
    assert_answers_parsed(rec)
    assert rec.department_name == "Văn phòng" and rec.author == "Trần Thị Bình"
    assert rec.collective_title is Title.TTLDTT
    found = legacy_warnings(rec)
    assert set(found) == {"Thong_tin", "Thanh_vien"} and len(by_code(rec, "legacy-encoding")) == 2
    w = found["Thanh_vien"]
    assert w.severity is Severity.WARNING and w.cell is None
    cells = non_ascii_cells(sheets["Thanh_vien"])
    assert w.message.startswith(f"Thanh_vien: {len(cells)} ô được gõ bằng bảng mã cũ TCVN3 (ABC) (theo phông chữ "
                                ".VnTime): B1, C1, D1, E1, F1, G1, H1, I1, R1, S1, … (thêm ")
    assert "ví dụ ô B2 đọc thành \"Nguyễn Văn An\"" in w.message
    assert "Unicode" in w.message and "nhận dạng theo nội dung" not in w.message
    assert found["Thong_tin"].message.startswith("Thong_tin: 10 ô ")
    assert "): A1, A2, A3, B3, A4, A5, A6, B6, A7, B7. " in found["Thong_tin"].message


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_upper_case_font_vntimeh(tmp_path, read, suffix):
    sheets = department_sheets(members())
    names = lambda sheet, r, c: sheet == "Thanh_vien" and r >= 1 and c == 1  # noqa: E731
    legacy = encoded(sheets, TCVN3_UPPER, names)
    assert legacy["Thanh_vien"][1][1] == "nguyÔn v¨n an"
    rec = read(write_styled(tmp_path / f"VP{suffix}", legacy, font_for(".VnTimeH", names)))
    assert [m.name for m in rec.members] == [n.upper() for n in NAMES]
    assert_answers_parsed(rec)
    (w,) = by_code(rec, "legacy-encoding")
    assert w.sheet == "Thanh_vien"
    assert w.message.startswith("Thanh_vien: 4 ô được gõ bằng bảng mã cũ TCVN3 (ABC) "
                                "(theo phông chữ .VnTimeH): B2, B3, B4, B5. Công cụ đã tự chuyển sang Unicode")


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_vni_file_in_vni_font(tmp_path, read, suffix):
    legacy = encoded(department_sheets(members()), VNI)
    assert legacy["Thanh_vien"][1][1] == "Nguyeãn Vaên An"
    rec = read(write_styled(tmp_path / f"VP{suffix}", legacy, font_for("VNI-Times")))
    assert [m.name for m in rec.members] == NAMES
    assert_answers_parsed(rec)
    w = legacy_warnings(rec)["Thanh_vien"]
    assert w.message.startswith("Thanh_vien: ") and "): B1, C1" in w.message
    assert "bảng mã cũ VNI-Windows (theo phông chữ VNI-Times)" in w.message


def test_unit_workbook_in_tcvn3(tmp_path, read):
    legacy = encoded(unit_sheets(extra_rows=[["3b", "Danh hiệu tập thể", 10, None, "Có", "Quyết định khen thưởng"]]),
                     TCVN3)
    rec = read(write_styled(tmp_path / "DV.xlsx", legacy, font_for(".VnTime")))
    assert rec.kind is FileKind.UNIT and rec.errors == []
    assert "1a" in rec.unit_inputs
    assert set(legacy_warnings(rec)) == {"Thong_tin", "Tieu_chi"}


# --------------------------------------------------------------------------- fonts lost: guessing


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_tcvn3_names_in_arial_are_guessed(tmp_path, read, suffix):
    names = lambda sheet, r, c: sheet == "Thanh_vien" and r >= 1 and c == 1  # noqa: E731
    legacy = encoded(department_sheets(members()), TCVN3, names)
    rec = read(write_styled(tmp_path / f"VP{suffix}", legacy, font_for("Arial")))
    assert [m.name for m in rec.members] == NAMES
    assert_answers_parsed(rec)
    (w,) = by_code(rec, "legacy-encoding")
    assert w.message.startswith("Thanh_vien: 4 ô được gõ bằng bảng mã cũ TCVN3 (ABC) "
                                "(4 ô nhận dạng theo nội dung vì ô không còn phông chữ cũ): B2, B3, B4, B5.")


def test_unreadable_fonts_fall_back_to_guessing(tmp_path, read, openpyxl_calls):
    legacy = encoded(department_sheets(members()), TCVN3, lambda sheet, r, c: sheet == "Thanh_vien" and c == 1)
    rec = read(write_styled(tmp_path / "VP.xlsx", legacy, font_for(".VnTime")))
    assert len(openpyxl_calls) == 1
    assert [m.name for m in rec.members] == NAMES
    assert "nhận dạng theo nội dung" in by_code(rec, "legacy-encoding")[0].message


def test_mixed_encodings_give_one_warning_per_sheet(tmp_path, read):
    sheets = department_sheets(members())
    rows = sheets["Thanh_vien"]
    fonts = {}
    for r, enc, font in [(1, TCVN3, ".VnTime"), (2, TCVN3, ".VnArial"), (3, VNI, "VNI-Helve")]:
        rows[r][1] = encode(rows[r][1], enc)
        fonts[(r, 1)] = font
    rec = read(write_styled(tmp_path / "VP.xlsx", sheets, lambda sheet, r, c, v: fonts.get((r, c))
                            if sheet == "Thanh_vien" else None))
    assert [m.name for m in rec.members] == NAMES
    (w,) = by_code(rec, "legacy-encoding")
    assert w.message.startswith("Thanh_vien: 3 ô được gõ bằng các bảng mã cũ TCVN3 (ABC) (2 ô) và "
                                "VNI-Windows (1 ô) (theo phông chữ .VnArial, .VnTime, VNI-Helve): B2, B3, B4.")


def test_unicode_text_in_a_legacy_font_is_kept(tmp_path, read):
    """Text with letters only Unicode has (ư, ơ, ạ…) was typed in Unicode, whatever the font says."""
    sheets = department_sheets(members())
    rows = sheets["Thanh_vien"]
    rows[1][1] = encode(rows[1][1], TCVN3)
    rows[1][HEADERS.index("Ghi chú")] = "Nghỉ phép – đã bổ sung hồ sơ"
    rec = read(write_styled(tmp_path / "VP.xlsx", sheets, font_for(".VnTime")))
    assert [m.name for m in rec.members] == NAMES
    assert rec.members[0].note == "Nghỉ phép – đã bổ sung hồ sơ"
    assert {m.position for m in rec.members} == {"Chuyên viên"}  # Unicode without ư/ơ/ạ… in .VnTime: kept too
    (w,) = by_code(rec, "legacy-encoding")
    assert w.message.startswith("Thanh_vien: 1 ô ") and "): B2. " in w.message


# --------------------------------------------------------------------------- modern files pay nothing


@pytest.mark.parametrize("writer", ["xlsxwriter", "openpyxl"])
def test_modern_file_never_opens_openpyxl(tmp_path, read, openpyxl_calls, writer):
    ms = members() + [member("Phạm Thị Hoà", **{"Ghi chú": "“Tốt” – xem hồ sơ…", "Chức vụ": "Phó trưởng phòng"}),
                      member("Ngô Thuỷ Tiên", **{"Ghi chú": "Phong KT – 2025"})]
    path = tmp_path / "VP.xlsx"
    if writer == "xlsxwriter":
        write_department(path, ms)
    else:
        write_styled(path, department_sheets(ms), font_for("Times New Roman"))
    rec = read(path)
    assert openpyxl_calls == []
    assert rec.findings == [] and len(rec.members) == 6


def test_prefilter_agrees_with_looks_legacy():
    """The one-regex check used per sheet says exactly what `looks_legacy` says, text by text."""
    prefilter = legacy_fonts._PREFILTER
    assert prefilter is not None
    rng = random.Random(20251105)
    alphabet = sorted(set(legacy_fonts.legacy._SUSPECT_CHARS) | set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýïøûë")
                      | set("aeiouyAEIOUYbcdnghtNT ĐđăâơưạễỗộứÄÅ\n-"))
    samples = [encode(n, e) for n in NAMES + ["Có", "Không", "Đã phê duyệt", "Hoàng Thị Thuỷ"]
               for e in (TCVN3, VNI)] + NAMES + ["Hoàng Oanh", "Toán", "naïve", "Zürich", "25°C"]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8))) for _ in range(50_000)]
    for text in samples:
        assert bool(prefilter.search(text)) is looks_legacy(text), repr(text)


# --------------------------------------------------------------------------- end to end


def test_cli_outputs_show_converted_names(tmp_path):
    data = tmp_path / "nop"
    data.mkdir()
    write_config(tmp_path)
    old_vp = encoded(department_sheets(members()), TCVN3)
    write_styled(data / "VP.xls", old_vp, font_for(".VnTime"))
    kt = department_sheets([member("Bùi Thị Ngọc Ánh"), member("Võ Đình Quý")], ma_phong="KT",
                           ten_phong="Phòng Kế toán")
    write_styled(data / "KT.xlsx", encoded(kt, VNI), font_for("VNI-Times"))
    tchc = department_sheets([member("Hồ Thị Thu")], ma_phong="TCHC", ten_phong="Phòng Tổ chức hành chính")
    write_styled(data / "TCHC.xlsx", encoded(tchc, TCVN3, lambda sheet, r, c: sheet == "Thanh_vien" and r and c == 1),
                 font_for("Arial"))
    proc = run_cli("run", data, "--config", "dvht.toml", "--out", "ra", "--no-docx", "-q", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    out = tmp_path / "ra" / "2025-11"

    res = json.loads((out / "ket_qua.json").read_text(encoding="utf-8"))
    assert {d["code"]: (d["status"], d["members"]) for d in res["departments"]} == {
        "VP": ("accepted", 4), "KT": ("accepted", 2), "TCHC": ("accepted", 1)}
    warned = {f["path"]: [w for w in f["warnings"] if w["code"] == "legacy-encoding"] for f in res["files"]}
    assert {p: len(w) for p, w in warned.items()} == {"VP.xls": 2, "KT.xlsx": 2, "TCHC.xlsx": 1}
    assert warned["TCHC.xlsx"][0]["cell"] == "Thanh_vien"
    assert warned["TCHC.xlsx"][0]["message"].startswith("Thanh_vien: 1 ô được gõ bằng bảng mã cũ TCVN3 (ABC)")
    assert "\"Hồ Thị Thu\"" in warned["TCHC.xlsx"][0]["message"]

    wb = openpyxl.load_workbook(out / "tong_hop.xlsx", read_only=True)
    rows = list(wb["Thanh_vien"].iter_rows(values_only=True))
    wb.close()
    name_col = rows[0].index("Họ và tên")
    listed = {row[name_col] for row in rows[1:] if row[name_col]}
    assert listed >= set(NAMES) | {"Bùi Thị Ngọc Ánh", "Võ Đình Quý", "Hồ Thị Thu"}
    assert not any(looks_legacy(str(v)) for row in rows for v in row if isinstance(v, str))


def test_font_map_cells_outside_the_rows_are_ignored():
    rows = [["STT", encode("Nguyễn Văn An", TCVN3)], [1.0, "Cã"]]
    done = legacy_fonts.convert_rows(rows, set(), {(0, 1): ".VnTime", (1, 0): ".VnTime", (1, 1): ".VnTime",
                                                   (9, 9): ".VnTime"})
    assert rows == [["STT", "Nguyễn Văn An"], [1.0, "Có"]]
    assert [(x.row, x.col, x.encoding) for x in done] == [(0, 1, TCVN3), (1, 1, TCVN3)]


def test_macro_enabled_workbook(tmp_path, read):
    """.xlsm: the fonts are read the same way (openpyxl knows the macro-enabled content type)."""
    from builders import rewrite_member

    path = write_styled(tmp_path / "VP.xlsx", encoded(department_sheets(members()), TCVN3), font_for(".VnTime"))
    rewrite_member(path, "[Content_Types].xml", lambda xml: xml.replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"))
    path = path.rename(tmp_path / "VP.xlsm")
    rec = read(path)
    assert [m.name for m in rec.members] == NAMES
    assert_answers_parsed(rec)  # "Cã" → "Có": only the font tells
    assert "theo phông chữ .VnTime" in legacy_warnings(rec)["Thanh_vien"].message
