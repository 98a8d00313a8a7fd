"""`dvht tinh`: the Sở's side, end to end through the real command line, on dossiers the real `dvht ho-so`
wrote for four agencies (tests/tinh_data.py): intake, register, automatic checks, the appraisal workbook
filled and read back, the documents."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import docx
import pytest
from builders import run_cli
from openpyxl import load_workbook
from tinh_data import AGENCIES, confirmed_rules, dossier_of, province_config

from dvht_batch.messages import render
from dvht_batch.province.service import intake_counts
from dvht_batch.province.table import custom_properties
from dvht_batch.writers.xlsx_dossier import LAYOUT_PROPERTY, LAYOUT_VERSION

TABLE = "3_bang_tong_hop_tieu_chi.xlsx"


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """Each agency's ho_so folder for 2025, written once by `dvht ho-so`."""
    root = tmp_path_factory.mktemp("tinh_dossiers")
    return {code: dossier_of(root, code) for code in AGENCIES}


def inbox(made, root: Path, codes=None, folders: dict[str, str] | None = None) -> Path:
    """A January's folder: one subfolder per agency of `made` (or of `codes`), named as `folders` says, else
    by its code."""
    box = root / "ho_so_nhan"
    for code in codes or tuple(made):
        shutil.copytree(made[code], box / (folders or {}).get(code, code))
    return box


def receive(root: Path, box: Path, config: Path) -> tuple:
    proc = run_cli("tinh", "nhan-ho-so", box, "--config", config, "--out", root / "so")
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc, root / "so" / "2025"


def fill(path: Path, target: Path, verdicts: dict | None = None, kinds: dict[str, str] | None = None) -> Path:
    """Fill the appraisal workbook as the specialist does: every empty verdict 'Đồng ý' unless `verdicts`
    {(unit, code): (verdict, note)} says otherwise; the kind of each unit named in `kinds`."""
    wb = load_workbook(path)
    ws = wb["Tham_dinh"]
    for r in range(5, ws.max_row + 1):
        key = (ws.cell(r, 2).value, ws.cell(r, 4).value)
        if key in (verdicts or {}):
            ws.cell(r, 10).value, ws.cell(r, 11).value = verdicts[key]
        elif ws.cell(r, 1).value is not None and not ws.cell(r, 10).value:
            ws.cell(r, 10).value = "Đồng ý"
    units = wb["Don_vi"]
    for r in range(2, units.max_row + 1):
        if units.cell(r, 2).value in (kinds or {}):
            units.cell(r, 4).value = kinds[units.cell(r, 2).value]
    wb.save(target)
    return target


def register(root: Path) -> sqlite3.Connection:
    return sqlite3.connect(root / "so" / "tinh.sqlite")


def text_of(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(path).paragraphs) + "\n" + "\n".join(
        c.text for t in docx.Document(path).tables for row in t.rows for c in row.cells)


STATE = {"Sở Tài chính": "cơ quan nhà nước", "Sở Tư pháp": "cơ quan nhà nước", "Sở Xây dựng": "cơ quan nhà nước",
         "Hội Khuyến học tỉnh": "cơ quan, tổ chức khác (tổ chức chính trị - xã hội, hội, doanh nghiệp…)"}


def test_our_table_carries_its_layout_version(made):
    assert custom_properties(made["STC"] / TABLE)[LAYOUT_PROPERTY] == LAYOUT_VERSION


def test_intake_reads_every_unit_from_its_own_table(made, tmp_path):
    box = inbox(made, tmp_path, folders={"STC": "thu_tu_buu_dien", "STP": "Sở Tư Pháp (bản gửi lại)"})
    proc, year = receive(tmp_path, box, province_config(tmp_path))
    assert proc.returncode == 0, proc.stderr
    with register(tmp_path) as conn:
        units = dict(conn.execute("SELECT name, code FROM units"))
        assert units == {"Sở Tài chính": "STC", "Sở Tư pháp": "STP", "Hội Khuyến học tỉnh": "HKH", "Sở Xây dựng": "SXD"}
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
        overall = dict(conn.execute("SELECT u.name, d.overall FROM dossiers d JOIN units u ON u.id = d.unit_id"))
        assert conn.execute("SELECT count(*) FROM checks WHERE kind LIKE 'overall-%'").fetchone()[0] == 0
        claims = dict(((n, c), (k, d)) for n, c, k, d in conn.execute(
            "SELECT u.name, c.code, c.count, c.denominator FROM claims c JOIN dossiers d ON d.id = c.dossier_id "
            "JOIN units u ON u.id = d.unit_id"))
        levels = dict(conn.execute("SELECT u.name, d.requested_level FROM dossiers d JOIN units u ON u.id = d.unit_id"))
    assert claims[("Sở Xây dựng", "3.1")] == (27, 30) and claims[("Sở Tài chính", "3.1")] == (30, 30)
    assert levels == {"Sở Tài chính": 2, "Sở Tư pháp": 1, "Hội Khuyến học tỉnh": 1, "Sở Xây dựng": 1}
    assert overall == {"Sở Tài chính": "Mức độ 2", "Sở Tư pháp": "Mức độ 1", "Hội Khuyến học tỉnh": "Mức độ 1",
                       "Sở Xây dựng": "Mức độ 1"}   # as each table says, and as each request asks: nothing to say
    listing = (year / "tiep_nhan_ho_so.txt").read_text("utf-8")
    assert "[dùng]   thu_tu_buu_dien/3_bang_tong_hop_tieu_chi.xlsx: bảng tổng hợp do phần mềm dvht lập của Sở Tài chính" \
        in listing
    assert listing.count("kiem_tra_truoc_khi_ky.txt: danh sách kiểm tra nội bộ") == 4


def test_intake_counts_recognise_the_flags_the_catalogue_words():
    """The register keeps a dossier's flags as text: the counts find them by the catalogue's opening words."""
    late = render("flag-late", day="20/01/2026", dated_by="ngày gửi thư điện tử", deadline="15/01/2026")
    records = [SimpleNamespace(flags=[late]), SimpleNamespace(flags=[render("flag-no-level")]),
               SimpleNamespace(flags=[late, render("flag-incomplete", parts="báo cáo tự đánh giá")]),
               SimpleNamespace(flags=[render("flag-repeated", newest="b.xlsx", older="a.xlsx")])]
    assert intake_counts(records) == {"units": 4, "late": 2, "incomplete": 1, "repeated": 1}


def test_late_missing_and_repeated_dossiers_are_flagged(made, tmp_path):
    late = dossier_of(tmp_path / "muon", "STP", signed="20/01/2026")
    box = inbox(made, tmp_path, codes=("STC", "HKH"))
    shutil.copytree(late, box / "STP")
    (box / "HKH" / "2_bao_cao_tu_danh_gia.docx").unlink()
    shutil.copy(made["STC"] / TABLE, box / "STC_gui_lan_2.xlsx")       # a loose second table of STC
    (box / "ghi_chu.txt").write_text("xin gửi Sở", encoding="utf-8")
    (box / "hong.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    proc, year = receive(tmp_path, box, province_config(tmp_path))
    assert proc.returncode == 0, proc.stderr
    with register(tmp_path) as conn:
        flags = dict(conn.execute("SELECT u.name, d.flags FROM dossiers d JOIN units u ON u.id = d.unit_id"))
    assert "Hồ sơ nộp muộn: 20/01/2026 (ngày ghi trên văn bản đề nghị), hạn là trước ngày 15/01/2026." in flags["Sở Tư pháp"]
    assert "Hồ sơ thiếu báo cáo tự đánh giá" in flags["Hội Khuyến học tỉnh"]
    assert "Đơn vị gửi hơn một hồ sơ" in flags["Sở Tài chính"] and "nộp muộn" not in flags["Sở Tài chính"]
    listing = (year / "tiep_nhan_ho_so.txt").read_text("utf-8")
    assert "[bỏ qua] ghi_chu.txt: loại tệp .txt không thuộc hồ sơ" in listing
    assert "[bỏ qua] hong.xlsx: không đọc được bảng tính" in listing
    assert "Hồ sơ nộp muộn" in proc.stdout


def test_a_table_without_the_units_name_or_of_a_newer_layout_is_refused_with_its_reason(made, tmp_path):
    box = tmp_path / "box"
    box.mkdir()
    wb = load_workbook(made["STC"] / TABLE)
    wb["Bang_tong_hop"]["A1"] = None
    wb.save(box / "khong_ten.xlsx")
    proc, year = receive(tmp_path, box, province_config(tmp_path))
    listing = (year / "tiep_nhan_ho_so.txt").read_text("utf-8")
    assert "[bỏ qua] khong_ten.xlsx: bảng tổng hợp có lỗi, không dùng được: Bang_tong_hop!A1: không ghi tên đơn vị" \
        in listing
    assert "Đã nhận hồ sơ của 0 đơn vị" in proc.stdout


def checks_of(root: Path) -> dict[str, list[str]]:
    with register(root) as conn:
        rows = conn.execute("SELECT u.name, c.effect, c.text FROM checks c JOIN dossiers d ON d.id = c.dossier_id "
                            "JOIN units u ON u.id = d.unit_id").fetchall()
    out: dict[str, list[str]] = {}
    for name, effect, text in rows:
        out.setdefault(name, []).append(f"{effect}: {text}")
    return out


def test_automatic_checks_before_any_human(made, tmp_path):
    box = inbox(made, tmp_path, codes=("STC", "STP"))
    table = box / "STP" / TABLE
    wb = load_workbook(table)
    ws = wb["Bang_tong_hop"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "2.1")
    ws.cell(row, 6).value = 0.5                       # a rate that its counts do not give
    wb.save(table)
    (box / "STC" / "1_to_trinh_de_nghi_cong_nhan.docx").unlink()
    shutil.copy(made["STP"] / "1_to_trinh_de_nghi_cong_nhan.docx", box / "STC" / "to_trinh_STP.docx")
    proc, _ = receive(tmp_path, box, province_config(tmp_path))
    checks = checks_of(tmp_path)
    assert "block: Chỉ tiêu 2.1: tỷ lệ ghi 50,00% không khớp số liệu 30/30 = 100,00%." in checks["Sở Tư pháp"]
    # level 2 under the bundled rule set: requirements unconfirmed → nothing concluded
    assert any(c.startswith("open: Yêu cầu ở mức độ 2 của các chỉ tiêu") for c in checks["Sở Tài chính"])
    # STP's request in STC's folder names STP in its header: it is not taken as STC's
    listing = (tmp_path / "so" / "2025" / "tiep_nhan_ho_so.txt").read_text("utf-8")
    assert "to_trinh_STP.docx: văn bản đề nghị (tờ trình): không xác định được đơn vị" not in listing
    assert "văn bản đề nghị (tờ trình) thứ hai của Sở Tư pháp" in listing
    # each dossier's row HS in the appraisal workbook: the dossier as a whole, whatever its checks are about
    ws = load_workbook(tmp_path / "so" / "2025" / "phieu_tham_dinh.xlsx")["Tham_dinh"]
    whole = [[c.value for c in row] for row in ws.iter_rows(min_row=5) if row[3].value == "HS"]
    assert [(r[1], r[4]) for r in whole] == [("Sở Tài chính", "Hồ sơ đề nghị công nhận"),
                                             ("Sở Tư pháp", "Hồ sơ đề nghị công nhận")]
    assert all("mức độ đề nghị thống nhất với bảng tổng hợp" in r[5] for r in whole)


def test_appraisal_to_draft_decision_and_letters(made, tmp_path):
    rules = confirmed_rules(tmp_path)
    config = province_config(tmp_path, rules=rules.name)
    proc, year = receive(tmp_path, inbox(made, tmp_path), config)
    assert proc.returncode == 0, proc.stderr
    filled = fill(year / "phieu_tham_dinh.xlsx", tmp_path / "phieu_da_dien.xlsx",
                  verdicts={("Sở Tư pháp", "1.4"): ("Không đồng ý", "Chưa có minh chứng về thiết bị học tập.")},
                  kinds=STATE)
    proc = run_cli("tinh", "tham-dinh", filled, "--config", config, "--out", tmp_path / "so")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Đề nghị công nhận: 3 đơn vị; chưa đủ điều kiện: 1; chưa kết luận: 0." in proc.stdout
    decision = year / "3_du_thao_quyet_dinh_cong_nhan.docx"
    text = text_of(decision)
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH AN PHƯỚC" in text and "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text
    assert "GIÁM ĐỐC" not in text.split("Nơi nhận")[1]
    assert "Công nhận “Đơn vị học tập” năm 2025 đối với 3 cơ quan, đơn vị" in text
    assert "1 cơ quan, đơn vị đạt mức độ 2; 2 cơ quan, đơn vị đạt mức độ 1" in text
    listed = [t.rows[i].cells[1].text for t in docx.Document(decision).tables if t.rows[0].cells[0].text == "STT"
              for i in range(1, len(t.rows))]
    assert listed == ["Sở Tài chính", "Hội Khuyến học tỉnh", "Sở Xây dựng"]
    letters = list((year / "thong_bao_don_vi").glob("*.docx"))
    assert [p.name for p in letters] == ["001_So_Tu_phap.docx"]
    letter = text_of(letters[0])
    assert "Kính gửi: Sở Tư pháp." in letter and "Chưa có minh chứng về thiết bị học tập." in letter
    assert "1.4" in letter and "GIÁM ĐỐC" in letter
    portal = load_workbook(year / "ket_qua_cong_nhan.xlsx")["Ket_qua"]
    rows = {r[1]: r for r in portal.iter_rows(min_row=5, values_only=True)}
    assert rows["Sở Tư pháp"][5] == "Chưa đủ điều kiện" and rows["Sở Tài chính"][6] == "Mức độ 2"
    checklist = (year / "kiem_tra_truoc_khi_trinh.txt").read_text("utf-8")
    assert "Căn cứ Luật Tổ chức chính quyền địa phương" in checklist and "Thời hạn bảo lưu" in checklist


def test_the_bundled_rules_leave_level_2_unconcluded_and_out_of_the_decision(made, tmp_path):
    config = province_config(tmp_path)
    proc, year = receive(tmp_path, inbox(made, tmp_path, codes=("STC",)), config)
    filled = fill(year / "phieu_tham_dinh.xlsx", tmp_path / "phieu.xlsx", kinds=STATE)
    proc = run_cli("tinh", "tham-dinh", filled, "--config", config, "--out", tmp_path / "so")
    assert proc.returncode == 0, proc.stderr
    assert "chưa kết luận: 1." in proc.stdout
    assert not (year / "3_du_thao_quyet_dinh_cong_nhan.docx").exists()
    assert not list((year / "thong_bao_don_vi").glob("*.docx"))
    report = text_of(year / "1_bao_cao_ket_qua_tham_dinh.docx").lower()
    assert "đang thẩm định" in report and "chưa được xác nhận" not in report and "chưa xác nhận" not in report


def test_a_badly_filled_appraisal_names_every_cell(made, tmp_path):
    config = province_config(tmp_path)
    proc, year = receive(tmp_path, inbox(made, tmp_path, codes=("STP",)), config)
    filled = fill(year / "phieu_tham_dinh.xlsx", tmp_path / "phieu.xlsx",
                  verdicts={("Sở Tư pháp", "1.1"): ("OK", None), ("Sở Tư pháp", "1.2"): ("Không đồng ý", None)},
                  kinds={"Sở Tư pháp": "bộ"})
    proc = run_cli("tinh", "tham-dinh", filled, "--config", config, "--out", tmp_path / "so")
    assert proc.returncode == 2
    wb = load_workbook(filled)["Tham_dinh"]
    row_of = {wb.cell(r, 4).value: r for r in range(5, wb.max_row + 1)}
    assert f"Tham_dinh!J{row_of['1.1']}: kết luận \"OK\" của Sở Tư pháp, chỉ tiêu 1.1 không hợp lệ" in proc.stderr
    assert f"Tham_dinh!K{row_of['1.2']}: Sở Tư pháp, chỉ tiêu 1.2: “Không đồng ý” mà chưa ghi lý do" in proc.stderr
    assert "Don_vi!D2: loại hình \"bộ\" của Sở Tư pháp không hợp lệ" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_tinh_toml_mistakes_are_said_in_vietnamese(tmp_path):
    config = province_config(tmp_path, so={"ten": "Sở Giáo dục và Đào tạo", "ma": "SGDĐT"}, thua={"x": 1})
    proc = run_cli("tinh", "mau-ho-so", "--config", config, "--tep", tmp_path / "mau.xlsx")
    assert proc.returncode == 2
    lines = config.read_text(encoding="utf-8").splitlines()
    thua, so = lines.index("[thua]") + 1, lines.index("[so]") + 1
    assert f"dòng {thua}: khóa không được hỗ trợ 'thua'; các khóa dùng được: chu_tich," in proc.stderr
    assert f"dòng {so} ([so]): thiếu khóa bắt buộc 'dia_danh'." in proc.stderr
    assert not (tmp_path / "mau.xlsx").exists()




def test_indicator_1_3_follows_the_kind_the_specialist_confirms(made, tmp_path):
    rules = confirmed_rules(tmp_path)
    config = province_config(tmp_path, rules=rules.name)
    proc, year = receive(tmp_path, inbox(made, tmp_path, codes=("STP", "HKH")), config)
    # the Hội is declared a state agency: its “Không áp dụng” on 1.3 no longer holds; the Sở Tư pháp is
    # declared “khác”: its self-assessed 1.3 is not counted, only pointed out
    kinds = {"Hội Khuyến học tỉnh": STATE["Sở Tư pháp"], "Sở Tư pháp": STATE["Hội Khuyến học tỉnh"]}
    filled = fill(year / "phieu_tham_dinh.xlsx", tmp_path / "phieu.xlsx", kinds=kinds)
    proc = run_cli("tinh", "tham-dinh", filled, "--config", config, "--out", tmp_path / "so")
    assert proc.returncode == 0, proc.stderr
    assert "Đề nghị công nhận: 1 đơn vị; chưa đủ điều kiện: 1" in proc.stdout
    letter = text_of(next((year / "thong_bao_don_vi").glob("*Hoi_Khuyen_hoc*.docx")))
    assert "Chỉ tiêu 1.3 áp dụng cho cơ quan nhà nước nhưng đơn vị ghi “Không áp dụng”." in letter
    checklist = (year / "kiem_tra_truoc_khi_trinh.txt").read_text("utf-8")
    assert "Sở Tư pháp: Chỉ tiêu 1.3 chỉ áp dụng cho cơ quan nhà nước, đơn vị sự nghiệp công lập; đơn vị là cơ quan, " \
           "tổ chức khác" in checklist


def test_a_level_the_units_own_table_does_not_support_is_refused(made, tmp_path):
    box = inbox(made, tmp_path, codes=("STP",))
    table = box / "STP" / TABLE
    wb = load_workbook(table)
    ws = wb["Bang_tong_hop"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "1.2")
    ws.cell(row, 7).value = "Không đạt"              # Mức độ 1 column, while the request asks for mức độ 1
    wb.save(table)
    receive(tmp_path, box, province_config(tmp_path))
    assert "block: Đề nghị mức độ 1 nhưng chính bảng tổng hợp của đơn vị ghi chỉ tiêu 1.2 ở mức độ 1 là “Không đạt”." \
        in checks_of(tmp_path)["Sở Tư pháp"]


def test_a_damaged_register_is_said_not_overwritten(made, tmp_path):
    (tmp_path / "so").mkdir()
    (tmp_path / "so" / "tinh.sqlite").write_bytes(b"not a database " * 100)
    proc, _ = receive(tmp_path, inbox(made, tmp_path, codes=("STP",)), province_config(tmp_path))
    assert proc.returncode == 1
    assert "Sổ đăng ký" in proc.stderr and "bị hỏng" in proc.stderr
    assert (tmp_path / "so" / "tinh.sqlite").read_bytes() == b"not a database " * 100


def test_a_table_missing_an_indicator_is_read_and_the_level_refused_for_it(made, tmp_path):
    box = inbox(made, tmp_path, codes=("STP",))
    table = box / "STP" / TABLE
    wb = load_workbook(table)
    ws = wb["Bang_tong_hop"]
    ws.delete_rows(next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "3.2"))
    wb.save(table)
    proc, year = receive(tmp_path, box, province_config(tmp_path))
    assert "block: Bảng tổng hợp không có chỉ tiêu 3.2." in checks_of(tmp_path)["Sở Tư pháp"]
    listing = (year / "tiep_nhan_ho_so.txt").read_text("utf-8")
    assert "[dùng]   STP/3_bang_tong_hop_tieu_chi.xlsx: bảng tổng hợp do phần mềm dvht lập của Sở Tư pháp (lưu ý: " \
           "Bang_tong_hop: thiếu chỉ tiêu 3.2" in listing


def test_dossiers_sent_by_mail_are_read_from_the_messages(made, tmp_path):
    from email.message import EmailMessage

    box = tmp_path / "thu"
    box.mkdir()
    for code, sent in (("STP", "Fri, 16 Jan 2026 08:30:00 +0700"), ("STC", "Mon, 12 Jan 2026 09:00:00 +0700")):
        message = EmailMessage()
        message["From"], message["To"], message["Date"] = f"vanthu@{code.lower()}.gov.vn", "so@gd.gov.vn", sent
        message["Subject"] = "Hồ sơ đề nghị công nhận Đơn vị học tập năm 2025"
        message.set_content("Kính gửi Sở Giáo dục và Đào tạo.")
        for part in sorted(made[code].glob("*.*")):
            message.add_attachment(part.read_bytes(), maintype="application", subtype="octet-stream",
                                   filename=part.name)
        (box / f"thu_{code}.eml").write_bytes(bytes(message))
    before = sorted((p.name, p.stat().st_size) for p in box.iterdir())
    proc, year = receive(tmp_path, box, province_config(tmp_path))
    assert proc.returncode == 0, proc.stderr
    with register(tmp_path) as conn:
        rows = dict(conn.execute("SELECT u.name, d.flags || ' ' || d.files FROM dossiers d JOIN units u ON u.id = d.unit_id"))
    assert "Hồ sơ nộp muộn: 16/01/2026 (ngày gửi thư điện tử)" in rows["Sở Tư pháp"]
    assert "nộp muộn" not in rows["Sở Tài chính"] and "thu_STC.eml › 3_bang_tong_hop_tieu_chi.xlsx" in rows["Sở Tài chính"]
    listing = (year / "tiep_nhan_ho_so.txt").read_text("utf-8")
    assert "[dùng]   thu_STP.eml › 1_to_trinh_de_nghi_cong_nhan.docx: văn bản đề nghị (tờ trình) của Sở Tư pháp" in listing
    assert sorted((p.name, p.stat().st_size) for p in box.iterdir()) == before   # the input is left as it was


def test_a_fifo_in_the_folder_is_named_not_read(made, tmp_path):
    import os

    box = inbox(made, tmp_path, codes=("STP",))
    os.mkfifo(box / "STP" / "treo.xlsx")
    proc, year = receive(tmp_path, box, province_config(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "[bỏ qua] STP/treo.xlsx: không phải tệp thường (đường ống, thiết bị…): bỏ qua" in \
        (year / "tiep_nhan_ho_so.txt").read_text("utf-8")
