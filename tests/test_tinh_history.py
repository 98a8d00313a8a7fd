"""`dvht tinh` over time and with other programs: the province template filled and saved by LibreOffice
Calc, two years of one province (a level-1 decision recorded, a level-2 request too early, renewals), and
the documents rendered as a person sees them (LibreOffice → PDF)."""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from builders import run_cli
from openpyxl import load_workbook
from test_tinh import STATE, fill, inbox
from tinh_data import TT24, confirmed_rules, dossier_of, province_config

from dvht_batch.writers.docx import find_soffice

SOFFICE = find_soffice()
POPPLER = all(shutil.which(t) for t in ("pdftotext", "pdfinfo"))


def calc_save_as_xlsx(source: Path, folder: Path) -> Path:
    """Open `source` in LibreOffice Calc and save it again as .xlsx (what a unit without Excel sends)."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{folder / 'profile'}", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=180)
    return folder / source.with_suffix(".xlsx").name


def fill_template(path: Path, target: Path, name: str, kind: str, level: str, counts: dict[str, tuple[int, int]],
                  verdicts: dict[int, str]) -> Path:
    wb = load_workbook(path)
    ws = wb["Ho_so"]
    labels = {ws.cell(r, 1).value: r for r in range(1, 12)}
    ws.cell(labels["Tên đơn vị"], 2).value = name
    ws.cell(labels["Loại hình"], 2).value = kind
    ws.cell(labels["Mức độ đề nghị công nhận"], 2).value = level
    ws.cell(labels["Ngày văn bản đề nghị"], 2).value = "12/01/2026"
    for r in range(1, ws.max_row + 1):
        code = ws.cell(r, 1).value
        if isinstance(code, str) and "." in code:
            if code in counts:
                ws.cell(r, 4).value, ws.cell(r, 5).value = counts[code]
            for col, verdict in verdicts.items():
                not_asked = kind != "cơ quan nhà nước" and code == "1.3"
                ws.cell(r, col).value = "Không áp dụng" if not_asked else verdict
            ws.cell(r, 9).value = f"Minh chứng {code}"
    wb.save(target)
    return target


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_province_template_filled_and_saved_by_libreoffice_is_read(tmp_path):
    config = province_config(tmp_path)
    proc = run_cli("tinh", "mau-ho-so", "--config", config, "--tep", tmp_path / "mau.xlsx")
    assert proc.returncode == 0, proc.stderr
    ws = load_workbook(tmp_path / "mau.xlsx")["Ho_so"]
    assert ws.protection.sheet and ws.data_validations.dataValidation
    codes = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1) if "." in str(ws.cell(r, 1).value)]
    assert codes == [c.code for c in TT24.criteria]
    members = {c.code: (28, 30) for c in TT24.criteria if c.kind == "member_ratio"}
    (tmp_path / "dien").mkdir()
    filled = fill_template(tmp_path / "mau.xlsx", tmp_path / "dien" / "HoiND.xlsx", "Hội Nông dân tỉnh",
                           "cơ quan, tổ chức khác (tổ chức chính trị - xã hội, hội, doanh nghiệp…)", "Mức độ 1",
                           members, {7: "Đạt", 8: "Không đạt"})
    box = tmp_path / "box" / "HND"
    saved = calc_save_as_xlsx(filled, tmp_path / "calc")
    box.mkdir(parents=True)
    shutil.copy(saved, box / "bang_tong_hop.xlsx")
    proc = run_cli("tinh", "nhan-ho-so", tmp_path / "box", "--config", config, "--out", tmp_path / "so")
    assert proc.returncode == 0, proc.stderr
    listing = (tmp_path / "so" / "2025" / "tiep_nhan_ho_so.txt").read_text("utf-8")
    assert "[dùng]   HND/bang_tong_hop.xlsx: bảng tổng hợp theo mẫu của Sở của Hội Nông dân tỉnh" in listing
    assert "Hồ sơ thiếu văn bản đề nghị (tờ trình) và báo cáo tự đánh giá" in proc.stdout
    sheet = load_workbook(tmp_path / "so" / "2025" / "phieu_tham_dinh.xlsx")
    units = sheet["Don_vi"]
    assert units.cell(2, 2).value == "Hội Nông dân tỉnh" and units.cell(2, 4).value.startswith("cơ quan, tổ chức khác")
    rows = [[c.value for c in row] for row in sheet["Tham_dinh"].iter_rows(min_row=5)]
    assert [r[3] for r in rows] == ["HS", *[c.code for c in TT24.criteria if 1 in c.levels and c.applies("khac")]]
    claim = next(r for r in rows if r[3] == "2.1")
    assert claim[6].startswith("28/30") and claim[7] == "Minh chứng 2.1"


def test_two_years_recognition_then_a_level_2_request_too_early_and_renewals(tmp_path):
    rules = confirmed_rules(tmp_path)
    made = {code: dossier_of(tmp_path / "d2025", code) for code in ("STP", "HKH")}
    config = province_config(tmp_path, rules=rules.name)
    box = inbox(made, tmp_path / "nam2025")
    assert run_cli("tinh", "nhan-ho-so", box, "--config", config, "--out", tmp_path / "so").returncode == 0
    filled = fill(tmp_path / "so" / "2025" / "phieu_tham_dinh.xlsx", tmp_path / "p2025.xlsx", kinds=STATE)
    proc = run_cli("tinh", "tham-dinh", filled, "--config", config, "--out", tmp_path / "so")
    assert "Đề nghị công nhận: 2 đơn vị" in proc.stdout, proc.stdout + proc.stderr
    proc = run_cli("tinh", "ghi-quyet-dinh", "--so", "304/QĐ-UBND", "--ngay", "20/02/2026", "--config", config,
                   "--out", tmp_path / "so")
    assert proc.returncode == 0 and "- Sở Tư pháp: mức độ 1" in proc.stdout, proc.stderr
    import sqlite3

    with sqlite3.connect(tmp_path / "so" / "tinh.sqlite") as conn:
        assert set(conn.execute("SELECT number, level, signer, valid_until, level2_from FROM decisions")) == {
            ("304/QĐ-UBND", 1, "Chủ tịch Ủy ban nhân dân tỉnh An Phước", "2029-02-20", "2027-02-20")}
    # 2026: STP now meets mức độ 2 and asks for it in January 2027 — under 12 months after 20/02/2026
    # … and the Hội asks for mức độ 1 again, while its mức độ 1 holds until 20/02/2029
    made26 = {"STP": dossier_of(tmp_path / "d2026", "STP", year=2026, title="Tập thể lao động xuất sắc"),
              "HKH": dossier_of(tmp_path / "d2026", "HKH", year=2026)}
    config26 = province_config(tmp_path, year=2026, rules=rules.name, when="20/01/2027")
    box26 = inbox(made26, tmp_path / "nam2026")
    assert run_cli("tinh", "nhan-ho-so", box26, "--config", config26, "--out", tmp_path / "so").returncode == 0
    sheet = load_workbook(tmp_path / "so" / "2026" / "phieu_tham_dinh.xlsx")["Tham_dinh"]
    whole = {row[1].value: [c.value for c in row] for row in sheet.iter_rows(min_row=5) if row[3].value == "HS"}
    stp, hkh = whole["Sở Tư pháp"], whole["Hội Khuyến học tỉnh"]
    assert stp[2] == "Mức độ 2" and stp[9] == "Không đồng ý"
    assert "Đơn vị được công nhận mức độ 1 theo Quyết định số 304/QĐ-UBND ngày 20/02/2026 của Chủ tịch Ủy ban nhân " \
           "dân tỉnh An Phước; chỉ được đề nghị mức độ 2 từ ngày 20/02/2027 (sau ít nhất 12 tháng)." in stp[8]
    assert hkh[2] == "Mức độ 1" and hkh[9] == "Không đồng ý"
    assert "Đơn vị đang được công nhận mức độ 1 (Quyết định số 304/QĐ-UBND ngày 20/02/2026 của Chủ tịch Ủy ban nhân " \
           "dân tỉnh An Phước), còn giá trị đến hết ngày 20/02/2029." in hkh[8]
    units = load_workbook(tmp_path / "so" / "2026" / "phieu_tham_dinh.xlsx")["Don_vi"]
    assert "được đề nghị công nhận mức độ 2 từ ngày 20/02/2027" in str(units.cell(2, 10).value) + str(units.cell(3, 10).value)
    proc = run_cli("tinh", "gia-han", "--nam", "2027", "--config", config26, "--out", tmp_path / "so")
    assert "Sở Tư pháp: mức độ 1 (Quyết định số 304/QĐ-UBND ngày 20/02/2026 của Chủ tịch Ủy ban nhân dân tỉnh An " \
           "Phước); được đề nghị công nhận mức độ 2 từ ngày 20/02/2027." in proc.stdout, proc.stderr
    proc = run_cli("tinh", "gia-han", "--nam", "2029", "--config", config26, "--out", tmp_path / "so")
    assert "có giá trị đến hết ngày 20/02/2029 (theo cách hiểu “03 năm tiếp theo năm được công nhận”: đến hết ngày " \
           "31/12/2029)." in proc.stdout
    assert (tmp_path / "so" / "2029" / "gia_han.xlsx").is_file()


@pytest.mark.skipif(SOFFICE is None or not POPPLER, reason="LibreOffice or poppler is not installed")
def test_documents_render_as_signed_paper(tmp_path):
    rules = confirmed_rules(tmp_path)
    made = {code: dossier_of(tmp_path / "d", code) for code in ("STC", "STP")}
    config = province_config(tmp_path, rules=rules.name)
    box = inbox(made, tmp_path)
    run_cli("tinh", "nhan-ho-so", box, "--config", config, "--out", tmp_path / "so")
    filled = fill(tmp_path / "so" / "2025" / "phieu_tham_dinh.xlsx", tmp_path / "p.xlsx", kinds=STATE,
                  verdicts={("Sở Tư pháp", "3.3"): ("Không đồng ý", "Quyết định tặng danh hiệu chưa kèm theo.")})
    proc = run_cli("tinh", "tham-dinh", filled, "--config", config, "--out", tmp_path / "so")
    assert proc.returncode == 0, proc.stderr
    year = tmp_path / "so" / "2025"
    docs = [year / "1_bao_cao_ket_qua_tham_dinh.docx", year / "2_to_trinh_ubnd_tinh.docx",
            year / "3_du_thao_quyet_dinh_cong_nhan.docx", *sorted((year / "thong_bao_don_vi").glob("*.docx"))]
    pdf_dir = tmp_path / "pdf"
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--convert-to", "pdf",
                    "--outdir", str(pdf_dir), *map(str, docs)], check=True, capture_output=True, timeout=300)
    pages = {}
    for doc in docs:
        pdf = pdf_dir / doc.with_suffix(".pdf").name
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        pages[doc.stem] = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        last = subprocess.run(["pdftotext", "-f", str(pages[doc.stem]), str(pdf), "-"], capture_output=True,
                              text=True).stdout
        assert len(last.split()) > 3, f"{doc.name}: its last page is empty"
    assert pages["3_du_thao_quyet_dinh_cong_nhan"] == 2   # the decision, then its list on a page of its own
    text = subprocess.run(["pdftotext", str(pdf_dir / "001_So_Tu_phap.pdf"), "-"], capture_output=True, text=True).stdout
    assert "Quyết định tặng danh hiệu chưa kèm theo." in text and "Kính gửi: Sở Tư pháp." in text


UNITS_TABLE = ("CREATE TABLE units(id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, name TEXT NOT NULL, code TEXT, "
               "admin_level TEXT NOT NULL DEFAULT 'Cấp tỉnh', kind TEXT);"
               "INSERT INTO units VALUES (1, 'so tu phap', 'Sở Tư pháp', 'STP', 'Cấp tỉnh', NULL);")


def opened_by_gia_han(tmp_path, earlier: str):
    """`dvht tinh gia-han` on a register an earlier version wrote (its units, then `earlier`); its process."""
    (tmp_path / "so").mkdir()
    with sqlite3.connect(tmp_path / "so" / "tinh.sqlite") as conn:
        conn.executescript(UNITS_TABLE + earlier)
    proc = run_cli("tinh", "gia-han", "--nam", "2025", "--config", province_config(tmp_path), "--out", tmp_path / "so")
    assert proc.returncode == 0, proc.stderr
    return proc


def test_a_register_of_schema_1_gains_the_computed_days(tmp_path):
    proc = opened_by_gia_han(tmp_path, (   # as version 1 wrote it
        "CREATE TABLE decisions(id INTEGER PRIMARY KEY, unit_id INTEGER NOT NULL REFERENCES units(id), year INTEGER, "
        "number TEXT NOT NULL, decided_on TEXT NOT NULL, level INTEGER NOT NULL, signer TEXT NOT NULL, "
        "UNIQUE(unit_id, number, decided_on));"
        "INSERT INTO decisions VALUES (1, 1, 2023, '12/QĐ-UBND', '2024-02-29', 1, 'Chủ tịch Ủy ban nhân dân tỉnh X');"
        "PRAGMA user_version = 1;"))
    assert "được đề nghị công nhận mức độ 2 từ ngày 28/02/2025" in proc.stdout
    with sqlite3.connect(tmp_path / "so" / "tinh.sqlite") as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
        assert conn.execute("SELECT valid_until, level2_from FROM decisions").fetchone() == ("2027-02-28", "2025-02-28")


def test_a_register_of_schema_2_gains_the_overall_result_and_keeps_its_dossiers(tmp_path):
    opened_by_gia_han(tmp_path, (   # as version 2 wrote its dossiers
        "CREATE TABLE dossiers(id INTEGER PRIMARY KEY, unit_id INTEGER NOT NULL REFERENCES units(id), "
        "year INTEGER NOT NULL, requested_level INTEGER, table_level INTEGER, dated TEXT, dated_by TEXT, layout TEXT, "
        "files TEXT NOT NULL, flags TEXT NOT NULL, UNIQUE(unit_id, year));"
        "INSERT INTO dossiers VALUES (1, 1, 2024, 1, 1, '2025-01-05', 'request', 'dvht', '[]', '[]');"
        "PRAGMA user_version = 2;"))
    with sqlite3.connect(tmp_path / "so" / "tinh.sqlite") as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
        assert conn.execute("SELECT year, requested_level, overall FROM dossiers").fetchall() == [(2024, 1, None)]
