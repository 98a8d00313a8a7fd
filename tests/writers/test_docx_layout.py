"""Nghị định 30/2020 layout of every Word document: page, fonts, header block, title, body, tables,
page numbers, closing block, annexes. Documents are opened with python-docx (and lxml) and checked."""
from __future__ import annotations

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.shared import Mm

from docx_fixtures import (
    TODAY, W, build_run, dossier_scenario, levels_rule_set, paragraph_text, part, report_config, scenario,
)

from dvht_batch.setup.config import parse_config
from dvht_batch.assess.dossier import decide_request
from dvht_batch.models import DepartmentStatus
from dvht_batch.period import Period
from dvht_batch.rules import load_rule_set
from dvht_batch.writers.docx import write_department_report, write_plan, write_unit_report
from dvht_batch.writers.docx.ho_so_bao_cao import build_self_assessment
from dvht_batch.writers.docx.ho_so_to_trinh import build_request
from dvht_batch.writers.docx.common import number_line, recipient_lines, signer_lines
from dvht_batch.writers.docx.centred import balanced_lines
from dvht_batch.writers.docx.metrics import text_width_mm

TNR = "Times New Roman"
TEXT_WIDTH_MM = 210 - 30 - 15
TWIPS_PER_MM = 1440 / 25.4


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    """Every kind of document, written once for the module."""
    out = tmp_path_factory.mktemp("docx_layout")
    result = build_run()
    paths = {"unit": write_unit_report(result, out / "bao_cao.docx")}
    vp = next(d for d in result.departments if d.code == "VP")
    paths["department"] = write_department_report(result, vp, out / "bao_cao_VP.docx")
    paths["plan"] = write_plan(result.config, result.rule_set, 2026, out / "ke_hoach.docx", today=TODAY)
    year = Period(2025)
    levels = build_run(scenario(year), rule_set=levels_rule_set(), period=year)
    paths["levels"] = write_unit_report(levels, out / "bao_cao_muc_do.docx")
    passing = build_run(dossier_scenario(year), rule_set=levels_rule_set(), period=year)
    request = decide_request(passing)
    assert request.level == 1
    paths["dossier_request"] = build_request(passing, request).save(out / "to_trinh.docx")
    paths["dossier_report"] = build_self_assessment(passing, request).save(out / "bao_cao_tu_danh_gia.docx")
    return paths


ALL = ["unit", "department", "plan", "levels", "dossier_request", "dossier_report"]


def _twips(el, attr):
    return int(el.get(f"{W}{attr}"))


# ------------------------------------------------------------------------------------------ page


@pytest.mark.parametrize("kind", ALL)
def test_a4_and_margins_on_every_section(docs, kind):
    document = docx.Document(docs[kind])
    for section in document.sections:
        landscape = section.orientation == WD_ORIENT.LANDSCAPE
        w, h = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
        assert abs(section.page_width - w) < Mm(0.1) and abs(section.page_height - h) < Mm(0.1)
        assert (landscape and section.page_width > section.page_height) or (not landscape and section.page_width < section.page_height)
        for got, want in ((section.top_margin, 20), (section.bottom_margin, 20), (section.left_margin, 30),
                          (section.right_margin, 15)):
            assert abs(got - Mm(want)) < Mm(0.1)


def test_configured_margins(tmp_path):
    result = build_run(config=report_config(le_trang=[25, 20, 35, 20]))
    document = docx.Document(write_unit_report(result, tmp_path / "r.docx"))
    s = document.sections[0]
    assert abs(s.top_margin - Mm(25)) < Mm(0.1) and abs(s.left_margin - Mm(35)) < Mm(0.1)
    assert abs(s.right_margin - Mm(20)) < Mm(0.1)


@pytest.mark.parametrize("kind", ALL)
def test_page_number_in_header_but_not_on_page_one(docs, kind):
    document = docx.Document(docs[kind])
    first = document.sections[0]
    assert first.different_first_page_header_footer  # w:titlePg
    header_xml = first.header._element.xml
    assert "PAGE" in header_xml and 'w:fldCharType="begin"' in header_xml and 'w:fldCharType="end"' in header_xml
    para = first.header.paragraphs[0]
    assert para.alignment == 1  # centred
    assert all(r.font.size is None or r.font.size.pt == 13 for r in para.runs)
    assert any(r.font.size and r.font.size.pt == 13 for r in para.runs)
    assert "PAGE" not in first.first_page_header._element.xml
    # Later sections (landscape annexes) keep numbering: same header, no restart, no bare first page.
    for section in document.sections[1:]:
        assert not section.different_first_page_header_footer
        assert "PAGE" in section.header._element.xml
    body = part(docs[kind], "word/document.xml")
    assert not [n for n in body.iter(f"{W}pgNumType") if n.get(f"{W}start")]


# ------------------------------------------------------------------------------------------ fonts


@pytest.mark.parametrize("kind", ALL)
def test_times_new_roman_everywhere_no_theme_fonts(docs, kind):
    styles = part(docs[kind], "word/styles.xml")
    fonts = list(styles.iter(f"{W}rFonts"))
    assert fonts, "no rFonts in styles.xml"
    for f in fonts:
        for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
            assert f.get(f"{W}{attr}") == TNR, (attr, f.attrib)
        assert not [a for a in f.attrib if "Theme" in a or "theme" in a], f.attrib
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert defaults is not None
    for style in styles.iter(f"{W}style"):  # every paragraph/character/table style carries the fonts
        assert style.find(f"{W}rPr/{W}rFonts") is not None, style.get(f"{W}styleId")
    used = {p.get(f"{W}val") for p in part(docs[kind], "word/document.xml").iter(f"{W}pStyle")}
    defined = {s.get(f"{W}styleId") for s in styles.iter(f"{W}style")}
    assert used <= defined
    for name in ("word/document.xml", "word/header1.xml", "word/header2.xml"):
        xml = part(docs[kind], name)
        assert not [f for f in xml.iter(f"{W}rFonts") if any("heme" in a for a in f.attrib)]
    assert len(styles.findall(f"{W}style")) < 20  # a stripped template, not python-docx's 790 KB of styles


# ------------------------------------------------------------------------------------------ header block


def _header_table(path):
    return docx.Document(path).tables[0]


@pytest.mark.parametrize("kind", ALL)
def test_header_block_table_geometry(docs, kind):
    tbl = _header_table(docs[kind])._tbl
    assert tbl.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"
    cols = [_twips(c, "w") for c in tbl.iter(f"{W}gridCol")]
    assert len(cols) == 2
    total = sum(cols)
    assert abs(total - TEXT_WIDTH_MM * TWIPS_PER_MM) < 30
    assert 0.38 <= cols[0] / total <= 0.46
    borders = tbl.find(f"{W}tblPr/{W}tblBorders")
    assert borders is not None and all(b.get(f"{W}val") in ("nil", "none") for b in borders)


def _runs_props(paragraph):
    runs = [r for r in paragraph.runs if r.text.strip()]
    assert runs, paragraph.text
    return {(r.bold, r.italic, r.font.size.pt if r.font.size else None) for r in runs}


@pytest.mark.parametrize("kind", ALL)
def test_header_block_elements(docs, kind):
    table = _header_table(docs[kind])
    row1, row2 = table.rows
    left = [p for p in row1.cells[0].paragraphs]
    parent, agency, rule = left[0], left[1], left[2]
    assert parent.text == "UBND TỈNH QUẢNG NGÃI"
    assert _runs_props(parent) == {(None, None, 13)}
    assert agency.text == "SỞ TÀI CHÍNH"
    assert _runs_props(agency) == {(True, None, 13)}
    # The short line under the agency: an empty centred paragraph whose bottom border is 1/3–1/2 wide.
    assert rule.text == ""
    bottom = rule._p.find(f"{W}pPr/{W}pBdr/{W}bottom")
    assert bottom is not None and bottom.get(f"{W}val") == "single"
    ind = rule._p.find(f"{W}pPr/{W}ind")
    cell_w = _twips(table._tbl.findall(f".//{W}gridCol")[0], "w")
    line_w = cell_w - _twips(ind, "left") - _twips(ind, "right")
    agency_w = text_width_mm("SỞ TÀI CHÍNH", 13, bold=True) * TWIPS_PER_MM
    assert agency_w / 3 - 5 <= line_w <= agency_w / 2 + 5
    assert not [r for r in agency._p.iter(f"{W}u")]  # a border, not underline

    national, motto = row1.cells[1].paragraphs[:2]
    assert national.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert _runs_props(national) == {(True, None, 13)}
    assert motto.text == "Độc lập - Tự do - Hạnh phúc"
    assert _runs_props(motto) == {(True, None, 14)}
    assert motto._p.find(f"{W}pPr/{W}pBdr/{W}bottom") is not None
    ind = motto._p.find(f"{W}pPr/{W}ind")
    right_w = _twips(table._tbl.findall(f".//{W}gridCol")[1], "w")
    box = right_w - _twips(ind, "left") - _twips(ind, "right")
    text_w = text_width_mm(motto.text, 14, bold=True) * TWIPS_PER_MM
    assert text_w <= box <= text_w + 2 * TWIPS_PER_MM  # exactly as wide as the text (+ < 2 mm slack)
    assert abs(_twips(ind, "left") - _twips(ind, "right")) <= 1

    number = row2.cells[0].paragraphs[0]
    assert _runs_props(number) == {(None, None, 13)}
    when = row2.cells[1].paragraphs[0]
    assert _runs_props(when) == {(None, True, 14)}
    assert when.text == "Quảng Ngãi, ngày 05 tháng 3 năm 2025"
    expected = {"unit": "Số: 07/BC-STC", "levels": "Số: 07/BC-STC", "plan": "Số: 12/KH-STC",
                "department": "Số:      /TB-STC", "dossier_request": "Số:      /TTr-STC",
                "dossier_report": "Số:      /BC-STC"}
    assert number.text == expected[kind]
    for p in left + row1.cells[1].paragraphs:
        assert p.alignment == 1


def test_number_and_date_rules(tmp_path):
    assert number_line("7", "BC", "stc") == "Số: 07/BC-STC"
    assert number_line("12", "KH", "STC") == "Số: 12/KH-STC"
    assert number_line("07", "BC", "STC") == "Số: 07/BC-STC"
    assert number_line(None, "BC", "STC") == "Số:      /BC-STC"
    result = build_run(config=report_config(so_bao_cao=None, ngay="09/01/2026"))
    table = _header_table(write_unit_report(result, tmp_path / "a.docx"))
    assert table.rows[1].cells[0].paragraphs[0].text == "Số:      /BC-STC"
    assert table.rows[1].cells[1].paragraphs[0].text == "Quảng Ngãi, ngày 09 tháng 01 năm 2026"
    blank = build_run(config=report_config(de_trong_ngay=True))
    table = _header_table(write_unit_report(blank, tmp_path / "b.docx"))
    assert table.rows[1].cells[1].paragraphs[0].text == "Quảng Ngãi, ngày     tháng     năm 2025"
    undated = report_config(ngay=None)
    result = build_run(config=undated)  # no date configured: the run's date
    table = _header_table(write_unit_report(result, tmp_path / "c.docx"))
    assert table.rows[1].cells[1].paragraphs[0].text == "Quảng Ngãi, ngày 28 tháng 11 năm 2025"


def test_no_parent_agency_and_head_signing(tmp_path):
    cfg = report_config()
    del cfg["don_vi"]["co_quan_chu_quan"]
    cfg["nguoi_ky"] = {"chuc_vu": "Giám đốc", "ho_ten": "Trần Thị Bình"}
    document = docx.Document(write_unit_report(build_run(config=cfg), tmp_path / "r.docx"))
    left = document.tables[0].rows[0].cells[0].paragraphs
    assert left[0].text == "SỞ TÀI CHÍNH" and left[0].runs[0].bold
    closing = _closing_table(document)
    right = [p.text for p in closing.rows[0].cells[1].paragraphs]
    assert right == ["GIÁM ĐỐC", "Trần Thị Bình"]


# ------------------------------------------------------------------------------------------ title, body


@pytest.mark.parametrize("kind,doc_type", [("unit", "BÁO CÁO"), ("plan", "KẾ HOẠCH"), ("department", "THÔNG BÁO"),
                                           ("dossier_request", "TỜ TRÌNH"), ("dossier_report", "BÁO CÁO")])
def test_title_and_summary(docs, kind, doc_type):
    document = docx.Document(docs[kind])
    paras = document.paragraphs
    i = next(i for i, p in enumerate(paras) if p.text == doc_type)
    title, summary, rule = paras[i], paras[i + 1], paras[i + 2]
    assert _runs_props(title) == {(True, None, 14)} and title.alignment == 1
    assert summary.alignment == 1 and {b for b, _i, _s in _runs_props(summary)} == {True}
    assert "“Đơn vị học tập”" in summary.text
    assert rule.text == "" and rule._p.find(f"{W}pPr/{W}pBdr/{W}bottom") is not None
    ind = rule._p.find(f"{W}pPr/{W}ind")
    line = TEXT_WIDTH_MM * TWIPS_PER_MM - _twips(ind, "left") - _twips(ind, "right")
    assert TEXT_WIDTH_MM * TWIPS_PER_MM / 8 < line <= TEXT_WIDTH_MM * TWIPS_PER_MM / 2 + 5


@pytest.mark.parametrize("kind", ALL)
def test_body_paragraphs_and_headings(docs, kind):
    styles = part(docs[kind], "word/styles.xml")
    by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}
    body = by_id["VBBody"]
    assert body.find(f"{W}pPr/{W}jc").get(f"{W}val") == "both"
    assert _twips(body.find(f"{W}pPr/{W}ind"), "firstLine") == 720  # 1,27 cm
    spacing = body.find(f"{W}pPr/{W}spacing")
    assert _twips(spacing, "after") >= 120 and 276 <= _twips(spacing, "line") <= 312
    assert body.find(f"{W}rPr/{W}sz").get(f"{W}val") == "28"
    assert by_id["VBHeading1"].find(f"{W}rPr/{W}b") is not None
    assert by_id["VBHeading2"].find(f"{W}rPr/{W}b") is not None
    assert by_id["VBHeading3"].find(f"{W}rPr/{W}i") is not None
    document = docx.Document(docs[kind])
    h1 = [p.text for p in document.paragraphs if p.style.style_id == "VBHeading1"]
    assert h1 and all(t == t.upper() and t.split(".")[0] in ("I", "II", "III", "IV", "V") for t in h1)
    xml = part(docs[kind], "word/document.xml")
    for t in xml.iter(f"{W}t"):
        assert "\n" not in (t.text or "") and "\r" not in (t.text or "")
    for p in xml.iter(f"{W}p"):  # a line break only in centred titles, never in justified text
        if p.find(f".//{W}br") is not None:
            jc = p.find(f"{W}pPr/{W}jc")
            assert jc is not None and jc.get(f"{W}val") == "center"


# ------------------------------------------------------------------------------------------ tables


@pytest.mark.parametrize("kind", ALL)
def test_data_tables_repeat_header_and_do_not_split_rows(docs, kind):
    xml = part(docs[kind], "word/document.xml")
    tables = [t for t in xml.iter(f"{W}tbl") if t.find(f"{W}tblPr/{W}tblStyle").get(f"{W}val") == "VBGrid"]
    assert tables
    for t in tables:
        assert t.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"
        grid = len(t.findall(f"{W}tblGrid/{W}gridCol"))
        rows = t.findall(f"{W}tr")
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
        for row in rows:
            assert row.find(f"{W}trPr/{W}cantSplit") is not None
            spans = sum(int(tc.find(f"{W}tcPr/{W}gridSpan").get(f"{W}val")) if tc.find(f"{W}tcPr/{W}gridSpan") is not None
                        else 1 for tc in row.findall(f"{W}tc"))
            assert spans == grid
        header_runs = [r for r in rows[0].iter(f"{W}p")]
        assert all(p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") in ("VBTableHead", "VBTableSmallHead") for p in header_runs)


def test_table_sizes_and_number_alignment(docs):
    styles = {s.get(f"{W}styleId"): s for s in part(docs["unit"], "word/styles.xml").iter(f"{W}style")}
    assert styles["VBTable"].find(f"{W}rPr/{W}sz").get(f"{W}val") == "24"        # 12 pt
    assert styles["VBTableSmall"].find(f"{W}rPr/{W}sz").get(f"{W}val") == "22"   # 11 pt in dense annexes
    assert styles["VBTableHead"].find(f"{W}rPr/{W}b") is not None
    document = docx.Document(docs["unit"])
    annex1 = next(t for t in document.tables if t.rows[0].cells[0].text == "Mã")
    head = [c.text for c in annex1.rows[0].cells]
    ratio_col = head.index("Tỷ lệ")
    row = next(r for r in annex1.rows if r.cells[0].text == "2a")
    cell = row.cells[ratio_col]
    assert cell.text == "87,50%"
    assert cell.paragraphs[0].alignment == 2  # right


# ------------------------------------------------------------------------------------------ closing block


def _closing_table(document):
    return next(t for t in document.tables if t.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:")


@pytest.mark.parametrize("kind", ALL)
def test_closing_block(docs, kind):
    table = _closing_table(docx.Document(docs[kind]))
    tbl = table._tbl
    assert tbl.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"
    borders = tbl.find(f"{W}tblPr/{W}tblBorders")
    assert borders is not None and all(b.get(f"{W}val") == "nil" for b in borders)
    left = table.rows[0].cells[0].paragraphs
    assert _runs_props(left[0]) == {(True, True, 12)}
    recipients = left[1:]
    assert recipients
    for p in recipients:
        assert _runs_props(p) == {(None, None, 11)}
        assert p.text.startswith("- ")
    assert all(p.text.endswith(";") for p in recipients[:-1])
    assert recipients[-1].text == "- Lưu: VT, VP."
    right = table.rows[0].cells[1].paragraphs
    assert [p.text for p in right] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An"]
    for p in right:
        assert p.alignment == 1 and _runs_props(p) == {(True, None, 14)}
    assert right[-1].paragraph_format.space_before.pt >= 60  # room for signature and stamp


def test_recipient_and_signer_rules():
    assert recipient_lines(["Sở GDĐT (b/c);", "- Lãnh đạo Sở", "Lưu: VT, VP."]) == (
        "- Sở GDĐT (b/c);", "- Lãnh đạo Sở;", "- Lưu: VT, VP.")
    assert recipient_lines([]) == ("- Lưu: VT, VP.",)
    assert recipient_lines(["Lưu VT", "Như trên"]) == ("- Như trên;", "- Lưu VT.")
    cfg = parse_config(report_config())
    assert signer_lines(cfg.signer) == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    acting = report_config()
    acting["nguoi_ky"] = {"quyen_han": "Q.", "chuc_vu": "Giám đốc", "ho_ten": "Lê Văn C"}
    assert signer_lines(parse_config(acting).signer) == ("Q. GIÁM ĐỐC",)
    tl = report_config()
    tl["nguoi_ky"] = {"quyen_han": "TL", "chuc_vu": "Giám đốc", "chuc_vu_ky": "Chánh Văn phòng", "ho_ten": "Lê Văn C"}
    assert signer_lines(parse_config(tl).signer) == ("TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG")


# ------------------------------------------------------------------------------------------ annexes


def test_annexes_each_start_a_new_page(docs):
    xml = part(docs["unit"], "word/document.xml")
    body = xml.find(f"{W}body")
    children = list(body)
    found = []
    for i, el in enumerate(children):
        if el.tag == f"{W}p" and paragraph_text(el).startswith("Phụ lục "):
            found.append(paragraph_text(el))
            page_break = el.find(f"{W}pPr/{W}pageBreakBefore") is not None
            after_section = children[i - 1].find(f"{W}pPr/{W}sectPr") is not None
            assert page_break or after_section, paragraph_text(el)
            assert el.find(f".//{W}b") is not None
            title, ref = children[i + 1], children[i + 2]
            assert paragraph_text(title) == paragraph_text(title).upper() and title.find(f".//{W}b") is not None
            assert paragraph_text(ref) == "(Kèm theo Báo cáo số 07/BC-STC ngày 05/3/2025 của Sở Tài chính)"
            assert ref.find(f".//{W}i") is not None
    assert found == ["Phụ lục I", "Phụ lục II", "Phụ lục III", "Phụ lục IV"]
    document = docx.Document(docs["unit"])
    orientations = [s.orientation for s in document.sections]
    assert WD_ORIENT.LANDSCAPE in orientations and orientations[0] == WD_ORIENT.PORTRAIT


def test_balanced_title_lines():
    text = "Kết quả thực hiện các tiêu chí “Đơn vị học tập” của Phòng Kế hoạch - Tài chính tháng 11 năm 2025"
    lines = balanced_lines(text, 14, True, False, TEXT_WIDTH_MM)
    assert len(lines) == 2 and " ".join(lines) == text
    assert all("“Đơn vị học tập”" not in line or line.count("“") == line.count("”") for line in lines)
    assert abs(text_width_mm(lines[0], 14, True) - text_width_mm(lines[1], 14, True)) < 40
    assert balanced_lines("Ngắn", 14, True, False, TEXT_WIDTH_MM) == ["Ngắn"]


def test_control_characters_never_break_the_xml(tmp_path):
    records = scenario()
    records[0].members[1].name = "Nguyễn\x0bVăn\nBình\x00"  # fails 2a: listed in the gap table
    result = build_run(records)
    vp = next(d for d in result.departments if d.status is DepartmentStatus.ACCEPTED)
    path = write_department_report(result, vp, tmp_path / "x.docx")
    text = "\n".join(p.text for t in docx.Document(path).tables for r in t.rows for c in r.cells for p in c.paragraphs)
    assert "NguyễnVăn Bình" in text


def test_metrics_match_times_new_roman():
    # Known advance widths (Times New Roman = Liberation Serif metrics): "M" is 1821/2048 em regular.
    assert abs(text_width_mm("M", 72) - 1821 / 2048 * 25.4) < 0.01
    assert text_width_mm("Ừ", 14) == text_width_mm("Ư", 14)
    assert text_width_mm("Ạ", 14) == text_width_mm("A", 14)
    assert text_width_mm("Hạnh phúc", 14, bold=True) > text_width_mm("Hạnh phúc", 14)


def test_every_document_is_a_valid_package(docs):
    for path in docs.values():
        document = docx.Document(path)
        assert document.core_properties.title
        assert path.stat().st_size < 200_000


def test_plan_uses_rule_set_and_year(docs):
    text = "\n".join(p.text for p in docx.Document(docs["plan"]).paragraphs)
    rs = load_rule_set("tt22-2020")
    for c in rs.criteria:
        assert c.text in text
    assert "Trước ngày 15/01/2027" in "\n".join(c.text for t in docx.Document(docs["plan"]).tables
                                                 for r in t.rows for c in r.cells)


def test_prepared_template_is_small_and_opens_in_python_docx():
    import io

    from dvht_batch.writers.docx.template import template_bytes

    data = template_bytes()
    assert len(data) < 10_000  # python-docx's default template is ~36 KB zipped, ~790 KB of styles unzipped
    document = docx.Document(io.BytesIO(data))
    assert document.sections[0].different_first_page_header_footer
    assert {s.name for s in document.styles} >= {"Normal", "VB Thân văn bản", "VB Mục I", "VB Bảng"}
    assert document.styles["Normal"].font.name == TNR


def test_long_names_break_into_balanced_lines(tmp_path):
    cfg = report_config(ngay="25/12/2025")
    cfg["don_vi"].update(ten="Sở Nông nghiệp và Phát triển nông thôn", co_quan_chu_quan="Ủy ban nhân dân tỉnh Quảng Ngãi",
                         dia_danh="Thành phố Hồ Chí Minh")
    table = _header_table(write_unit_report(build_run(config=cfg), tmp_path / "r.docx"))
    agency = table.rows[0].cells[0].paragraphs[1]._p
    lines = [t.text for t in agency.iter(f"{W}t")]
    assert lines == ["SỞ NÔNG NGHIỆP VÀ", "PHÁT TRIỂN NÔNG THÔN"] and len(agency.findall(f".//{W}br")) == 1
    when = table.rows[1].cells[1].paragraphs[0]._p
    assert [t.text for t in when.iter(f"{W}t")] == ["Thành phố Hồ Chí Minh,", "ngày 25 tháng 12 năm 2025"]


def test_department_report_heading_iii_is_followed_by_its_table(docs):
    """LibreOffice keeps one keep-with-next paragraph with a table, not a chain of two (a heading was left
    alone at the foot of page 1): the heading comes right before the table, the legend after it."""
    body = part(docs["department"], "word/document.xml").find(f"{W}body")
    children = list(body)
    heading = next(i for i, el in enumerate(children) if paragraph_text(el).startswith("III."))
    assert children[heading + 1].tag == f"{W}tbl"
    after = next(paragraph_text(el) for el in children[heading + 2:] if paragraph_text(el))
    assert after.startswith("Ghi chú: ký hiệu “x”")
