"""`dvht ho-so`: the yearly recognition dossier end to end, through the real command line, from a year of
department workbooks written here (tests/builders.py), under tt24-2023.

The data set (year 2025, agency STC, three departments, every one submitted):
  VP 12 members (+1 excluded), KT 10, TCHC 8 → 30 counted members
  2.1 discipline: 1 VP member lacks it → 29/30      2.2 training: 2 KT members → 28/30
  3.1 “Công dân học tập”: 1 VP member → 29/30 (96,67 %)
  3.3 “Tập thể lao động xuất sắc”; every indicator of the unit's Tieu_chi sheet “Đạt” with its evidence
  → Mức độ 2 (3.1 ≥ 95 %, 2.x ≥ 90 %): the dossier requests mức độ 2 — under the office's own copy of the
  rule file with every requirement confirmed (builders.office_rules); the bundled file concludes nothing.
The expected figures below are counted from the member rows, not written by hand.
"""
from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import docx
import pytest
from builders import OMIT, RUN_AT, info, member, members_rows, office_rules, run_cli, write_config, write_run, write_xlsx
from openpyxl import load_workbook

from dvht_batch.rules import load_rule_set
from dvht_batch.writers.docx import find_soffice

TT24 = load_rule_set("tt24-2023")
HEADERS = ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Chức vụ", "Tuân thủ kỷ luật",
           "Hoàn thành bồi dưỡng", "Công dân học tập", "Không tính", "Ghi chú"]
COLUMN_OF = {"2.1": "Tuân thủ kỷ luật", "2.2": "Hoàn thành bồi dưỡng", "3.1": "Công dân học tập"}
MEETS = {"Tuân thủ kỷ luật": "Có", "Hoàn thành bồi dưỡng": "Có", "Công dân học tập": "Có"}
DEPARTMENTS = (("VP", "Văn phòng"), ("KT", "Phòng Kế toán"), ("TCHC", "Phòng Tổ chức hành chính"))
ASSESSORS = [{"ho_ten": "Trần Văn Hùng", "chuc_vu": "Giám đốc", "nhiem_vu": "Tổ trưởng"},
             {"ho_ten": "Lê Thị Mai", "chuc_vu": "Chánh Văn phòng", "nhiem_vu": "Tổ phó"},
             {"ho_ten": "Phạm Văn Long", "chuc_vu": "Chuyên viên", "nhiem_vu": "Thư ký"}]
RECIPIENT = "Sở Giáo dục và Đào tạo tỉnh An Phước"
POPPLER = all(shutil.which(t) for t in ("pdftotext", "pdfinfo", "pdftoppm"))
RENDER = find_soffice() is not None and POPPLER
PNG_DIR = Path(tempfile.gettempdir()) / "dvht_docx_png"


def people(dept: str, n: int, lacking: dict[str, int], excluded: int = 0) -> list[dict]:
    """`n` members of `dept`, the first `lacking[column]` of whom lack that column; then `excluded` more."""
    given = ["An", "Bình", "Cường", "Dũng", "Đào", "Giang", "Hà", "Hải", "Hoa", "Khánh", "Lan", "Long", "Mai"]
    rows = []
    for i in range(n + excluded):
        values = {col: "Không" if i < lacking.get(col, 0) else ok for col, ok in MEETS.items()}
        if i >= n:
            values["Không tính"] = "Nghỉ thai sản"
        rows.append(member(f"Nguyễn Văn {given[i % len(given)]} {dept}{i}", **values))
    return rows


MEMBERS = {"VP": people("VP", 12, {"Tuân thủ kỷ luật": 1, "Công dân học tập": 1}, excluded=1),
           "KT": people("KT", 10, {"Hoàn thành bồi dưỡng": 2}),
           "TCHC": people("TCHC", 8, {})}


def counted(dept: str) -> list[dict]:
    return [m for m in MEMBERS[dept] if not m.get("Không tính")]


def figures(code: str, dept: str | None = None) -> tuple[int, int]:
    """(members meeting indicator `code`, members counted), counted from the member rows."""
    rows = counted(dept) if dept else [m for d in MEMBERS for m in counted(d)]
    column = COLUMN_OF[code]
    return sum(1 for m in rows if m[column] == MEETS[column]), len(rows)


def percent(count: int, total: int) -> str:
    from decimal import ROUND_HALF_UP, Decimal

    value = (Decimal(count) * 100 / Decimal(total)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return f"{value:.2f}".replace(".", ",") + "%"


def make_year(root: Path, rules: str | None = None, title: str = "Tập thể lao động xuất sắc",
              passed: dict[str, str] | None = None, unit_kind: str = "co_quan_nha_nuoc") -> Path:
    """The data set of the module docstring; `passed` overrides the unit's “Đạt” per indicator."""
    root.mkdir(parents=True, exist_ok=True)
    rules = rules or office_rules(root)
    write_config(root, departments=DEPARTMENTS, rule_set=rules, place="An Phước", deputy=True,
                 don_vi={"co_quan_chu_quan": "UBND tỉnh An Phước", "loai_hinh": unit_kind},
                 van_ban={"ngay": "05/01/2026"},
                 ho_so={"kinh_gui": RECIPIENT, "thu_truong": "Trần Văn Hùng", "so_to_trinh": 3},
                 to_danh_gia=ASSESSORS)
    (root / "phong").mkdir(exist_ok=True)
    for code, name in DEPARTMENTS:
        sheets = {"Thong_tin": info(ma_phong=code, ten_phong=name, ky_bao_cao="2025", ngay_lap="20/12/2025",
                                    danh_hieu_tap_the=OMIT),
                  "Thanh_vien": members_rows(MEMBERS[code], headers=HEADERS)}
        write_xlsx(root / "phong" / f"{code}_2025.xlsx", sheets)
    criteria = [["Mã tiêu chí", "Nội dung", "Điểm tối đa", "Điểm tự chấm", "Đạt", "Minh chứng"]]
    criteria += [[c.code, c.text, None, None, (passed or {}).get(c.code, "Đạt"),
                  f"Kế hoạch số {i}/KH-STC ngày 10/01/2025 (chỉ tiêu {c.code})"]
                 for i, c in enumerate(TT24.unit_input_criteria(), start=11)]
    (root / "don_vi").mkdir(exist_ok=True)
    write_xlsx(root / "don_vi" / "STC_2025.xlsx",
               {"Thong_tin": info(ma_phong=OMIT, ky_bao_cao="2025", ngay_lap="22/12/2025", danh_hieu_tap_the=title),
                "Tieu_chi": criteria})
    return root


@pytest.fixture(scope="module")
def dossier(tmp_path_factory):
    """`dvht ho-so DATA --nam 2025 --out OUT [--pdf]` once for the module: (process, OUT/2025/ho_so)."""
    root = tmp_path_factory.mktemp("ho_so")
    make_year(root / "du_lieu")
    # relative folders, as a clerk types them (PDFs come back from LibreOffice as absolute paths)
    args = ["ho-so", "du_lieu", "--config", Path("du_lieu") / "dvht.toml", "--nam", "2025", "--out", "ket_qua"]
    proc = run_cli(*args, *(["--pdf"] if RENDER else []), cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc, root / "ket_qua" / "2025" / "ho_so"


def text_of(path: Path) -> str:
    """Every paragraph of the document, tables included, in reading order (one line each)."""
    document = docx.Document(path)
    body = document.element.body
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    lines = ["".join(t.text or "" for t in p.iter(f"{ns}t")) for p in body.iter(f"{ns}p")]
    return "\n".join(lines)


def test_three_documents_and_the_checklist(dossier):
    _, folder = dossier
    names = sorted(p.name for p in folder.iterdir() if p.suffix != ".pdf")
    assert names == ["1_to_trinh_de_nghi_cong_nhan.docx", "2_bao_cao_tu_danh_gia.docx",
                     "3_bang_tong_hop_tieu_chi.xlsx", "kiem_tra_truoc_khi_ky.txt"]


def test_request_asks_for_the_level_reached_signed_by_the_head(dossier):
    _, folder = dossier
    text = text_of(folder / "1_to_trinh_de_nghi_cong_nhan.docx")
    assert "TỜ TRÌNH" in text and "Số: 03/TTr-STC" in text
    assert "Đề nghị công nhận “Đơn vị học tập” cấp tỉnh mức độ 2 năm 2025" in text
    assert f"Kính gửi: {RECIPIENT}." in text
    assert "Số thành viên của đơn vị được tính khi đánh giá: 30 (không tính 1 thành viên có lý do)" in text
    closing = next(t for t in docx.Document(folder / "1_to_trinh_de_nghi_cong_nhan.docx").tables
                   if t.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:")
    assert [p.text for p in closing.rows[0].cells[1].paragraphs] == ["GIÁM ĐỐC", "Trần Văn Hùng"]
    assert [p.text for p in closing.rows[0].cells[0].paragraphs][1:] == ["- Như trên;", "- Lưu: VT, VP."]
    # the criteria table: indicators of mức độ 2 per criterion, all met
    table = next(t for t in docx.Document(folder / "1_to_trinh_de_nghi_cong_nhan.docx").tables
                 if t.rows[0].cells[0].text == "Tiêu chí")
    assert [[c.text for c in r.cells][2:] for r in table.rows[1:]] == [["5", "5"], ["2", "2"], ["3", "3"]]


def test_report_figures_come_from_the_member_rows(dossier):
    _, folder = dossier
    text = re.sub(r"\s+", " ", text_of(folder / "2_bao_cao_tu_danh_gia.docx"))
    for code in COLUMN_OF:
        count, total = figures(code)
        assert f"Chỉ tiêu {code}." in text
        assert f"có {count}/{total} thành viên đạt ({percent(count, total)})" in text, code
        per_department = "; ".join(f"{name} {'/'.join(map(str, figures(code, dept)))}" for dept, name in DEPARTMENTS)
        assert f"Theo phòng: {per_department}." in text, code
    assert figures("3.1") == (29, 30) and figures("2.2") == (28, 30)  # the data set is the one described above
    for i, c in enumerate(TT24.unit_input_criteria(), start=11):  # the evidence listed in the Tieu_chi sheet
        assert f"Minh chứng: Kế hoạch số {i}/KH-STC ngày 10/01/2025 (chỉ tiêu {c.code})." in text
    assert "danh hiệu tập thể của đơn vị: Tập thể lao động xuất sắc" in text
    assert "tự đánh giá đạt “Đơn vị học tập” cấp tỉnh mức độ 2 năm 2025" in text
    assert f"đề nghị {RECIPIENT} xem xét, trình Chủ tịch Ủy ban nhân dân tỉnh công nhận" in text
    assert "41 thành viên" not in text and "31 thành viên có tên trong danh sách" in text
    assessors = next(t for t in docx.Document(folder / "2_bao_cao_tu_danh_gia.docx").tables
                     if t.rows[0].cells[0].text == "STT" and t.rows[0].cells[1].text == "Họ và tên")
    assert [[c.text for c in r.cells][1:] for r in assessors.rows[1:]] == \
        [[a["ho_ten"], a["chuc_vu"], a["nhiem_vu"]] for a in ASSESSORS]


def test_documents_for_signing_carry_no_note_about_unconfirmed_law(dossier):
    _, folder = dossier
    for name in ("1_to_trinh_de_nghi_cong_nhan.docx", "2_bao_cao_tu_danh_gia.docx"):
        text = text_of(folder / name).lower()
        for word in ("chưa xác nhận", "chưa được đối chiếu", "văn phòng đối chiếu", "xếp loại", "điểm tự chấm"):
            assert word not in text, (name, word)
    sheet = load_workbook(folder / "3_bang_tong_hop_tieu_chi.xlsx").active
    assert "chưa được đối chiếu" not in " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value).lower()


def test_summary_workbook_matches_the_member_rows(dossier):
    _, folder = dossier
    ws = load_workbook(folder / "3_bang_tong_hop_tieu_chi.xlsx")["Bang_tong_hop"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=6, values_only=True) if r[0]}
    head = [c.value for c in ws[5]]
    assert head[:6] == ["Mã", "Tiêu chí, chỉ tiêu", "Yêu cầu", "Số thành viên đạt", "Số thành viên được tính", "Tỷ lệ"]
    for code in COLUMN_OF:
        count, total = figures(code)
        assert rows[code][3:5] == (count, total)
        assert abs(rows[code][5] - count / total) < 1e-9
    assert rows["3.1"][6:8] == ("Đạt", "Đạt")
    assert rows["1.3"][-1].startswith("Kế hoạch số 13/KH-STC")
    assert [c.code for c in TT24.criteria] == [code for code in rows if "." in str(code)]
    last = list(ws.iter_rows(values_only=True))[-1]
    assert "Kết quả chung" in last and "Mức độ 2" in last


def test_console_reminds_the_deadline_and_lists_what_to_check(dossier):
    proc, folder = dossier
    out = proc.stdout
    assert "Hồ sơ năm 2025 (số liệu từ 01/01/2025 đến 31/12/2025) gửi Sở Giáo dục và Đào tạo trước ngày 15/01/2026" in out
    assert "Đề nghị công nhận mức độ 2." in out
    assert "Tên nhóm 2 (" in out and "Lời văn các chỉ tiêu 1.1" in out  # what the office's copy still flags
    assert "Báo cáo tự đánh giá: đầu văn bản: số văn bản (Số:      /BC-STC), Văn thư ghi khi phát hành" in out
    assert "Tờ trình: số văn bản" not in out  # numbered in the configuration
    assert ("Báo cáo tự đánh giá: mục III. Kết luận và kiến nghị, 2. Ưu điểm, hạn chế: Văn phòng bổ sung: ưu điểm, "
            "hạn chế và giải pháp khắc phục") in out
    # the report's number in the tờ trình is a blank the office fills in: highlighted and listed
    for where in ("phần mở đầu", "mục II. Hồ sơ kèm theo"):
        assert f"Tờ trình: {where}: số của Báo cáo tự đánh giá trong câu “Báo cáo số …/BC-STC ngày 05/01/2026”" in out
    saved = (folder / "kiem_tra_truoc_khi_ky.txt").read_text(encoding="utf-8-sig")
    for line in out.splitlines():
        if line.startswith("  - "):
            assert line in saved.splitlines()


def test_fill_in_places_stay_highlighted(dossier):
    _, folder = dossier
    document = docx.Document(folder / "2_bao_cao_tu_danh_gia.docx")
    marked = [r.text for p in document.paragraphs for r in p.runs if r.font.highlight_color is not None]
    assert "[Văn phòng bổ sung: ưu điểm, hạn chế và giải pháp khắc phục]" in marked
    assert "[Quyết định số …, ngày …]" in marked


# ------------------------------------------------------------------------------ other results, other runs


def test_no_level_reached_no_request(tmp_path):
    data = make_year(tmp_path / "du_lieu", title="Không")
    proc = run_cli("ho-so", data, "--nam", "2025", "--out", tmp_path / "kq", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    folder = tmp_path / "kq" / "2025" / "ho_so"
    assert not (folder / "1_to_trinh_de_nghi_cong_nhan.docx").exists()
    assert (folder / "2_bao_cao_tu_danh_gia.docx").exists()
    assert "chưa đủ điều kiện đề nghị công nhận" in proc.stdout
    assert "chưa đạt “Đơn vị học tập” cấp tỉnh mức độ 1 năm 2025" in text_of(folder / "2_bao_cao_tu_danh_gia.docx")


def test_every_missing_evidence_is_a_fill_in_place_of_its_own(tmp_path):
    data = make_year(tmp_path / "du_lieu")
    book = load_workbook(data / "don_vi" / "STC_2025.xlsx")
    for row in book["Tieu_chi"].iter_rows(min_row=2):
        if row[0].value in ("1.2", "1.4"):
            row[5].value = None
    book.save(data / "don_vi" / "STC_2025.xlsx")
    proc = run_cli("ho-so", data, "--nam", "2025", "--out", tmp_path / "kq", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    for code in ("1.2", "1.4"):
        assert re.search(rf"Báo cáo tự đánh giá: mục II\. [^\n]*: Văn phòng bổ sung minh chứng của chỉ tiêu {code}\n",
                         proc.stdout), code


@pytest.mark.parametrize("decided_on,may_request", [("05/01/2025", True), ("06/01/2025", False)])
def test_level_2_only_12_months_after_the_level_1_decision(tmp_path, decided_on, may_request):
    """Documents dated 05/01/2026: a level-1 decision of 05/01/2025 allows mức độ 2 that day; one of 06/01/2025
    does not yet: no request is drafted that year (the self-assessment is still written) and the office is told
    the first day it may apply. The result meets mức độ 2 either way."""
    data = make_year(tmp_path / "du_lieu")
    out = tmp_path / "kq"
    rec = run_cli("cong-nhan", "--so", "31/QĐ-UBND", "--ngay", decided_on, "--muc-do", "1", "--co-quan",
                  "Chủ tịch Ủy ban nhân dân tỉnh An Phước", "--out", out, cwd=tmp_path)
    assert rec.returncode == 0, rec.stderr
    proc = run_cli("ho-so", data, "--nam", "2025", "--out", out, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    folder = out / "2025" / "ho_so"
    report = re.sub(r"\s+", " ", text_of(folder / "2_bao_cao_tu_danh_gia.docx"))
    assert "đang được công nhận “Đơn vị học tập” mức độ 1 (Quyết định số 31/QĐ-UBND ngày " in report
    assert "tự đánh giá đạt “Đơn vị học tập” cấp tỉnh mức độ 2 năm 2025" in report
    assert (folder / "1_to_trinh_de_nghi_cong_nhan.docx").exists() is may_request
    assert ("Đề nghị công nhận mức độ 2." in proc.stdout) is may_request
    assert ("công nhận Sở Tài chính đạt “Đơn vị học tập” cấp tỉnh mức độ 2 năm 2025" in report) is may_request
    if may_request:
        request = re.sub(r"\s+", " ", text_of(folder / "1_to_trinh_de_nghi_cong_nhan.docx"))
        assert "Đề nghị công nhận “Đơn vị học tập” cấp tỉnh mức độ 2 năm 2025" in request
    else:
        told = "chỉ được đề nghị công nhận mức độ 2 từ ngày 06/01/2026"
        assert told in proc.stdout
        assert told in (folder / "kiem_tra_truoc_khi_ky.txt").read_text(encoding="utf-8-sig")
        assert "mức độ 1 năm 2025" not in report.split("3. Kiến nghị")[-1]  # nothing requested


def test_13_not_applicable_outside_the_state(tmp_path):
    """1.3 (state budget) “Không” for a unit outside the state: không áp dụng, neither met nor failed."""
    data = make_year(tmp_path / "du_lieu", passed={"1.3": "Không"}, unit_kind="khac")
    proc = run_cli("ho-so", data, "--nam", "2025", "--out", tmp_path / "kq", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    folder = tmp_path / "kq" / "2025" / "ho_so"
    table = next(t for t in docx.Document(folder / "1_to_trinh_de_nghi_cong_nhan.docx").tables
                 if t.rows[0].cells[0].text == "Tiêu chí")
    assert [c.text for c in table.rows[1].cells][2:] == ["4", "4"]  # 1.3 is not asked of this unit
    report = re.sub(r"\s+", " ", text_of(folder / "2_bao_cao_tu_danh_gia.docx"))
    assert re.search(r"Chỉ tiêu 1\.3\.[^:]*: không áp dụng đối với [^.]*\.", report)
    assert "minh chứng của chỉ tiêu 1.3" not in report and "mức độ 2 năm 2025" in report
    assert "Các chỉ tiêu 1.1, 1.2, 1.4, 1.5, 3.2 do đơn vị tự đánh giá" in report
    rows = {r[0]: r for r in load_workbook(folder / "3_bang_tong_hop_tieu_chi.xlsx").active.iter_rows(values_only=True)}
    assert rows["1.3"][6:8] == ("Không áp dụng", "Không áp dụng")


def test_one_run_one_truth_a_later_run_without_documents_removes_the_dossier(tmp_path):
    data = make_year(tmp_path / "du_lieu")
    out = tmp_path / "kq"
    assert run_cli("ho-so", data, "--nam", "2025", "--out", out, cwd=tmp_path).returncode == 0
    assert (out / "2025" / "ho_so" / "2_bao_cao_tu_danh_gia.docx").exists()
    yearly = run_cli("run", data, "--period", "2025", "--out", out, cwd=tmp_path)  # a year's run writes it too
    assert yearly.returncode == 0 and "Đề nghị công nhận mức độ 2." in yearly.stdout
    assert "trước ngày 15/01/2026" in yearly.stdout
    again = run_cli("run", data, "--period", "2025", "--out", out, "--no-docx", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert not list((out / "2025" / "ho_so").glob("*.*"))


def test_points_rule_set_the_dossier_is_the_yearly_report(tmp_path):
    data = make_year(tmp_path / "du_lieu", rules="tt22-2020")
    proc = run_cli("ho-so", data, "--nam", "2025", "--out", tmp_path / "kq", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert not (tmp_path / "kq" / "2025" / "ho_so").exists()
    assert "bao_cao_don_vi.docx" in proc.stdout and "trước ngày 15/01/2026" in proc.stdout
    assert re.search(r"Báo cáo: mục [IV]+\. [^:]+: Văn phòng bổ sung", proc.stdout)
    # TT 22 for 2025 (repealed on 26/01/2024): the same warning as `dvht run`, and the checklist says it
    repealed = "Thông tư 22/2020/TT-BGDĐT đã hết hiệu lực từ ngày 26/01/2024"
    assert proc.stdout.count(f"Cảnh báo: {repealed}") == 1
    assert any(line.startswith(f"  - {repealed}") for line in proc.stdout.splitlines())


def test_missing_input_folder_is_a_vietnamese_message(tmp_path):
    write_config(tmp_path, rule_set="tt24-2023")
    proc = run_cli("ho-so", tmp_path / "khong_co", "--config", tmp_path / "dvht.toml", "--nam", "2025",
                   "--out", tmp_path / "kq", cwd=tmp_path)
    assert proc.returncode == 2 and "Không tìm thấy thư mục dữ liệu" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_year_the_folder_has_no_file_for_is_said_and_no_dossier_written(tmp_path):
    data = make_year(tmp_path / "du_lieu")  # every file is of 2025
    proc = run_cli("ho-so", data, "--nam", "2024", "--out", tmp_path / "kq", cwd=tmp_path)
    assert proc.returncode == 2, proc.stdout
    assert f"Thư mục '{data}' không có tệp nào của năm 2024 (kỳ ghi trong các tệp: 2025); chưa lập hồ sơ." \
        in proc.stderr
    assert "Traceback" not in proc.stderr and "Chưa đạt" not in proc.stdout
    assert not (tmp_path / "kq" / "2024").exists()


# ------------------------------------------------------------------------------ rendered through LibreOffice


needs_render = pytest.mark.skipif(not RENDER, reason="LibreOffice or poppler-utils not installed")


@needs_render
def test_rendered_pages(dossier, tmp_path):
    from page_feet import stranded
    from writers.test_docx_render import _page_text, _pages

    _, folder = dossier
    PNG_DIR.mkdir(exist_ok=True)
    for name, low, high in (("1_to_trinh_de_nghi_cong_nhan", 1, 2), ("2_bao_cao_tu_danh_gia", 4, 8)):
        pdf = folder / f"{name}.pdf"
        pages = _pages(pdf)
        assert low <= len(pages) <= high, (name, len(pages))
        assert abs(pages[0][0] - 595.3) < 2 and abs(pages[0][1] - 841.9) < 2  # A4 portrait
        for n in range(1, len(pages) + 1):
            lines = [line.strip() for line in _page_text(pdf, n).splitlines() if line.strip()]
            if n > 1:
                assert str(n) in lines[:3], (name, n, lines[:3])
        assert stranded(folder / f"{name}.docx", pdf) == []  # no heading or label alone at a page's foot
        flat = re.sub(r"\s+", " ", _out_text(pdf))
        assert "Độc lập - Tự do - Hạnh phúc" in flat and "An Phước, ngày 05 tháng 01 năm 2026" in flat
        assert "Trần Văn Hùng" in flat
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(tmp_path / f"ho_so_{name}")], check=True)
    for png in tmp_path.glob("ho_so_*.png"):
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        shutil.copy(png, PNG_DIR / png.name)
    report = folder / "2_bao_cao_tu_danh_gia.pdf"
    assert any(w > h for w, h in _pages(report))  # the annexes are landscape
    assert "Phụ lục I" in _out_text(report) and "Phụ lục II" in _out_text(report)


def _out_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout.decode("utf-8")


def test_pdf_of_the_dossier_in_the_same_libreoffice_run(tmp_path, monkeypatch):
    """`--pdf`: the reports and the dossier's documents go to LibreOffice in one call; a re-run without
    --pdf leaves no PDF of the dossier behind."""
    from dvht_batch import pipeline
    from dvht_batch.period import Period

    from builders import fake_soffice

    calls = fake_soffice(monkeypatch)
    data = make_year(tmp_path / "du_lieu")
    config, rule_set = pipeline.load_setup(None, data)
    result = pipeline.collect(data, config, rule_set, Period(2025), now=RUN_AT)
    written = write_run(result, tmp_path / "kq", pdf=True, ledger=False)
    assert len(calls) == 1
    dossier_pdfs = [p.with_suffix(".pdf") for p in written.dossier.documents]
    assert [p.name for p in dossier_pdfs] == ["1_to_trinh_de_nghi_cong_nhan.pdf", "2_bao_cao_tu_danh_gia.pdf"]
    assert set(dossier_pdfs) <= set(written.pdfs) and all(p.is_file() for p in dossier_pdfs)
    write_run(result, tmp_path / "kq", pdf=False, ledger=False)
    assert not any(p.exists() for p in dossier_pdfs)


# ------------------------------------------------------------------------------ the pure parts


def test_deadline_is_before_15_january_of_the_next_year():
    from dvht_batch.assess.dossier import deadline, deadline_line

    assert deadline(2025) == date(2026, 1, 15)
    assert deadline_line(2025, date(2026, 1, 14)).endswith("trước ngày 15/01/2026 (còn 1 ngày).")
    assert deadline_line(2025, date(2026, 1, 15)).endswith("ĐÃ QUÁ HẠN (15/01/2026).")
    assert "(số liệu từ 01/01/2025 đến 31/12/2025)" in deadline_line(2025, date(2025, 12, 20))


def test_a_document_dated_before_the_year_ends_is_flagged(tmp_path):
    from dvht_batch import pipeline
    from dvht_batch.assess.dossier import data_items
    from dvht_batch.period import Period

    data = make_year(tmp_path / "du_lieu")
    config, rule_set = pipeline.load_setup(None, data)
    result = pipeline.collect(data, config, rule_set, Period(2025), now=RUN_AT)
    assert not [i for i in data_items(result) if "trước khi hết năm" in i]  # dated 05/01/2026
    result = dataclasses.replace(result, config=dataclasses.replace(config, documents=dataclasses.replace(
        config.documents, date=date(2025, 12, 20))))
    assert [i for i in data_items(result) if i.startswith("Văn bản ghi ngày 20/12/2025, trước khi hết năm 2025")]
    # [van_ban] ngay = "12/2025" (the day left to the signer): the month says it is before the year's end
    for month, flagged in (((2025, 12), True), ((2026, 1), False)):
        result = dataclasses.replace(result, config=dataclasses.replace(config, documents=dataclasses.replace(
            config.documents, date=None, month=month)))
        assert bool([i for i in data_items(result) if "chưa hết năm 2025" in i]) is flagged, month
    # the day left blank is a highlighted place listed with where it is (layout.OfficialDocument.fill_ins)
    from dvht_batch.writers.docx.common import header_info
    from dvht_batch.writers.docx.layout import OfficialDocument
    doc = OfficialDocument()
    doc.header_block(header_info(result.config, "BC", "8", date(2026, 1, 5)))
    assert [f.line() for f in doc.fill_ins] == ["đầu văn bản: ngày ký (An Phước, ngày       tháng 01 năm 2026)"]
