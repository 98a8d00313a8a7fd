"""What a signed document may claim (docs/van-ban.md), checked on the documents a clerk gets from the real
command line: a TT 24 year (`dvht run` of a year: the dossier, the year's BÁO CÁO, the notices to the phòng)
and the sample agency's month (a lock file, a note, a rejected table with a "Bằng khen" and a "✓" hint).

- every blank a person fills in ("…", "Số:      /BC-…", an undated day) is highlighted and listed, with where it
  is, in kiem_tra_truoc_khi_ky.txt; no bare "…" anywhere;
- no machinery in the signed text: no file name, lock file, cell reference, rule-set id or time of the run
  (that time is in the document's properties);
- the notices to the phòng show counts and rates, never a level;
- one font: nothing falls back to another font when rendered.
"""
from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from builders import run_cli
from test_ho_so import make_year

from dvht_batch.writers.docx import find_soffice

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
RENDER = find_soffice() is not None and shutil.which("pdffonts") is not None
BLANK = re.compile(r"…| {3,}")
CELL_REF = re.compile(r"\b[A-Z][A-Za-z_]+![A-Z]{1,3}\d+")


def run(data: Path, period: str, out: Path, *extra) -> tuple[str, Path]:
    proc = run_cli("run", data, "--config", data / "dvht.toml", "--period", period, "--out", out, *extra)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc.stdout, out / period


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    """A TT 24 year (tests/test_ho_so.py's data set, documents dated 05/01/2026), with PDFs."""
    root = tmp_path_factory.mktemp("tt24_year")
    data = make_year(root / "du_lieu")
    return run(data, "2025", root / "ket_qua", *(["--pdf"] if RENDER else []))


@pytest.fixture(scope="module")
def month(tmp_path_factory):
    """The sample agency's November 2025 (tt22-2020), dated 08/12/2025 (after its last table, 05/12), with PDFs."""
    root = tmp_path_factory.mktemp("sample_month")
    data = root / "du_lieu"
    shutil.copytree(SAMPLE, data)
    config = data / "dvht.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[van_ban]\nngay = "08/12/2025"\n', encoding="utf-8")
    return run(data, "2025-11", root / "ket_qua", *(["--pdf"] if RENDER else []))


def documents(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.docx"))


def runs_of(path: Path) -> list[tuple[str, bool]]:
    """(text, highlighted) of every run of the document's body, tables included."""
    from xml.etree import ElementTree

    with zipfile.ZipFile(path) as z:
        root = ElementTree.fromstring(z.read("word/document.xml"))
    out = []
    for r in root.iter(f"{W}r"):
        text = "".join(t.text or "" for t in r.iter(f"{W}t"))
        props = r.find(f"{W}rPr")
        out.append((text, props is not None and props.find(f"{W}highlight") is not None))
    return out


def text_of(path: Path) -> str:
    return "".join(text for text, _ in runs_of(path))


def checklist_lines(folder: Path) -> list[str]:
    return (folder / "kiem_tra_truoc_khi_ky.txt").read_text(encoding="utf-8-sig").splitlines()


def test_no_bare_blank_in_any_document(year, month):
    checked = 0
    for _, folder in (year, month):
        for path in documents(folder):
            bare = [text for text, marked in runs_of(path) if not marked and BLANK.search(text)]
            assert not bare, (path.name, bare)
            checked += 1
    assert checked >= 10


def test_every_highlighted_place_is_listed_with_where_it_is(year, month):
    """The run's checklist lists the places of its BÁO CÁO and of the notices; the dossier's, those of the tờ
    trình and the self-assessment (which is also the year's BÁO CÁO)."""
    (_, y), (_, m) = year, month
    cases = [(m / "bao_cao_don_vi.docx", m, "bao_cao_don_vi.docx: "),
             (m / "bao_cao_phong" / "bao_cao_VP.docx", m, "Thông báo gửi các phòng (bao_cao_phong, mỗi tệp): "),
             (y / "bao_cao_phong" / "bao_cao_VP.docx", y, "Thông báo gửi các phòng (bao_cao_phong, mỗi tệp): "),
             (y / "ho_so" / "1_to_trinh_de_nghi_cong_nhan.docx", y / "ho_so", "  - Tờ trình: "),
             (y / "ho_so" / "2_bao_cao_tu_danh_gia.docx", y / "ho_so", "  - Báo cáo tự đánh giá: ")]
    for path, folder, prefix in cases:
        listed = [line for line in checklist_lines(folder) if prefix in line]
        marked = [text for text, hl in runs_of(path) if hl]
        assert marked and listed, path
        for text in marked:  # a placeholder is listed by its words; a blank by its place
            words = text.strip().strip("[]").strip().rstrip(".")
            if not BLANK.fullmatch(text) and "…" not in text:
                assert any(words in line for line in listed), (path.name, words)
        header = " ".join(text for text, _ in runs_of(path)[:40])
        if re.search(r"Số: +/", header):  # a number the văn thư gives at issue
            assert any("đầu văn bản: số văn bản" in line for line in listed), path.name
    # the year's BÁO CÁO is the dossier's self-assessment report: its places are in the dossier's list
    assert any("ho_so/kiem_tra_truoc_khi_ky.txt" in line for line in checklist_lines(y))


def test_tờ_trình_names_the_blank_report_number(year):
    _, folder = year
    lines = checklist_lines(folder / "ho_so")
    for where in ("phần mở đầu", "mục II. Hồ sơ kèm theo"):
        assert any(line.startswith(f"  - Tờ trình: {where}: số của Báo cáo tự đánh giá trong câu “Báo cáo số …")
                   for line in lines), where
    runs = runs_of(folder / "ho_so" / "1_to_trinh_de_nghi_cong_nhan.docx")
    assert ("…", True) in runs and not any("…" in t for t, hl in runs if not hl)


def test_signed_bodies_show_no_machinery(year, month):
    for _, folder in (year, month):
        for path in documents(folder):
            text = text_of(path)
            for internal in (".xlsx", ".txt", "~$", "tt22-2020", "tt24-2023", "phiên bản", "tổng hợp lúc", "✓",
                             "Ghi chu cua Van phong", "Hãy ghi"):
                assert internal not in text, (path.name, internal)
            assert not CELL_REF.search(text), (path.name, CELL_REF.search(text).group())


def test_the_time_of_the_run_is_in_the_properties(month):
    _, folder = month

    def created(path: Path) -> str:
        with zipfile.ZipFile(path) as z:
            return re.search(r"<dcterms:created[^>]*>([^<]+)<", z.read("docProps/core.xml").decode()).group(1)

    stamp = created(folder / "tong_hop.xlsx")  # the run's time (RunResult.generated_at)
    assert {created(p) for p in documents(folder)} == {stamp}


def test_annex_iv_is_a_list_per_department(month):
    _, folder = month
    text = re.sub(r"\s+", " ", text_of(folder / "bao_cao_don_vi.docx"))
    annex = text.split("TÌNH HÌNH GỬI SỐ LIỆU CỦA CÁC PHÒNG")[1]
    assert "Thanh tra Sở" in annex and "Đã gửi, chưa dùng được" in annex and "còn 3 ô ghi chưa đúng quy định" in annex
    assert "Phòng Thông tin - Truyền thông" in annex and "Chưa gửi" in annex
    assert "Đã nhận" in annex and "Bằng khen" not in annex


def test_notices_to_the_departments_show_rates_not_levels(year):
    _, folder = year
    for path in sorted((folder / "bao_cao_phong").glob("*.docx")):
        text = re.sub(r"\s+", " ", text_of(path))
        assert text.count("THÔNG BÁO") == 1 and "BÁO CÁO" not in text, path.name
        assert "Mức độ" not in text and "mức độ" not in text, path.name
        assert "Nội dung chỉ tiêu" in text and "Tiêu chí phòng" not in text, path.name
        assert "(để thực hiện)" not in text
    # the year's BÁO CÁO (the self-assessment) gives each department its figures, never a level
    report = re.sub(r"\s+", " ", text_of(folder / "bao_cao_don_vi.docx"))
    per_department = report.split("THEO TỪNG PHÒNG")[1]
    assert "Mức độ" not in per_department and "29/30" in per_department


@pytest.mark.skipif(not RENDER, reason="LibreOffice or poppler-utils not installed")
def test_every_glyph_is_in_the_document_font(year, month):
    """Rendered, each PDF uses the document's font only (Times New Roman, or its metric twin Liberation Serif
    on Linux): no character fell back to another font."""
    import subprocess

    pdfs = [p for _, folder in (year, month) for p in sorted(folder.rglob("*.pdf"))]
    assert len(pdfs) >= 8
    for pdf in pdfs:
        listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        fonts = {line.split()[0].split("+")[-1] for line in listing.splitlines()[2:] if line.strip()}
        assert fonts and all(f.startswith(("LiberationSerif", "TimesNewRoman")) for f in fonts), (pdf.name, fonts)


def test_one_mechanism_marks_and_lists_every_blank():
    """OfficialDocument (layout.py): a "…" or a run of spaces in any sentence, a blank number or date in the
    header, a "(Kèm theo …)" line with blanks, a placeholder — each highlighted and recorded with its place."""
    from dvht_batch.writers.docx.layout import HeaderInfo, OfficialDocument

    doc = OfficialDocument()
    doc.header_block(HeaderInfo("Sở Tài chính", "Số:      /BC-STC", "Quảng Ngãi, ngày      tháng 3 năm 2026"))
    doc.heading1("I. Căn cứ")
    doc.body("Căn cứ Quyết định số …/QĐ-UBND của Ủy ban nhân dân tỉnh;")
    doc.heading2("1. Đánh giá")
    doc.placeholder("Văn phòng bổ sung: nguyên nhân")
    doc.annex("I", "Bảng", "(Kèm theo Báo cáo số      /BC-STC ngày      /3/2026)")
    assert [f.line() for f in doc.fill_ins] == [
        "đầu văn bản: số văn bản (Số:      /BC-STC), Văn thư ghi khi phát hành",
        "đầu văn bản: ngày ký (Quảng Ngãi, ngày      tháng 3 năm 2026)",
        "mục I. Căn cứ: chỗ trống trong câu “Căn cứ Quyết định số …/QĐ-UBND của Ủy ban nhân dân”",
        "mục I. Căn cứ, 1. Đánh giá: Văn phòng bổ sung: nguyên nhân",
        "các phụ lục: số, ngày của văn bản trong dòng “(Kèm theo …)” dưới tên phụ lục"]
    xml = doc.body_xml()
    bare = re.findall(r"<w:r>(?:<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?<w:t[^>]*>([^<]*)</w:t></w:r>", xml)
    highlighted = re.findall(r'<w:highlight w:val="yellow"/>[^<]*</w:rPr><w:t[^>]*>([^<]*)<', xml)
    assert "…" in highlighted and "      " in highlighted
    assert not [t for t in bare if BLANK.search(t) and t not in highlighted]
