"""Keep-with-next where a page must not break (docs/van-ban.md): on the XML, without rendering.

Headings (their styles), the paragraph introducing a table, a sentence ending in ':' (it announces what
follows), the last paragraph before the signature block, table header rows (their style) and label rows
(a group's name over its rows). tests/writers/test_docx_page_feet.py renders the same with LibreOffice.
"""
from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from docx_fixtures import TODAY, W, long_runs

from dvht_batch.assess.dossier import decide_request
from dvht_batch.writers.docx import write_department_report, write_plan, write_unit_report
from dvht_batch.writers.docx.ho_so_bao_cao import build_self_assessment
from dvht_batch.writers.docx.ho_so_to_trinh import build_request
from dvht_batch.writers.docx.layout import ClosingInfo, OfficialDocument
from dvht_batch.writers.docx.ooxml import Cell, Col, Table, kept_with_next, para
from dvht_batch.writers.docx.template import styles_xml

KEEP = "<w:keepNext/>"


def _table(rows: int = 2, keep_together: bool = False) -> Table:
    table = Table([Col(15, "center"), Col(100)], keep_together=keep_together)
    table.row(["STT", "Nội dung"], header=True)
    for i in range(rows):
        table.row([str(i + 1), f"Dòng {i + 1}"])
    return table


def _body(doc: OfficialDocument):
    xml = f'<w:document xmlns:w="{W[1:-1]}"><w:body>{doc.body_xml()}</w:body></w:document>'
    return [k for k in etree.fromstring(xml.encode()).find(W + "body")]


def _kept(p) -> bool:
    ppr = p.find(W + "pPr")
    if ppr is None:
        return False
    style = ppr.find(W + "pStyle")
    return ppr.find(W + "keepNext") is not None or (
        style is not None and style.get(W + "val") in ("VBHeading1", "VBHeading2", "VBHeading3"))


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(W + "t"))


def test_kept_with_next_goes_after_the_style_once():
    styled = para("Câu dẫn", "VBBody", jc="both")
    assert kept_with_next(styled).startswith(f'<w:p><w:pPr><w:pStyle w:val="VBBody"/>{KEEP}<w:jc')
    assert kept_with_next(kept_with_next(styled)).count(KEEP) == 1
    assert kept_with_next(para("Câu", jc="center")).startswith(f"<w:p><w:pPr>{KEEP}<w:jc")
    assert kept_with_next("<w:p><w:r><w:t>x</w:t></w:r></w:p>") == f"<w:p><w:pPr>{KEEP}</w:pPr><w:r><w:t>x</w:t></w:r></w:p>"


def test_the_paragraph_before_a_table_is_kept_with_it_but_not_a_spacer_nor_plain_text():
    doc = OfficialDocument()
    doc.body("Đoạn văn thường.")
    doc.body("Bảng dưới đây nêu kết quả của các phòng.")  # no colon: an introduction by its place
    doc.table(_table())
    doc.table(_table())  # right after a table: the spacer paragraph between them stays as it is
    body = _body(doc)
    paragraphs = [k for k in body if k.tag == W + "p"]
    assert [_kept(p) for p in paragraphs if _text(p)] == [False, True]
    spacers = [p for p in paragraphs if not _text(p)]
    assert spacers and not any(_kept(p) for p in spacers)


def test_a_sentence_ending_with_a_colon_announces_what_follows():
    doc = OfficialDocument()
    doc.body("Các việc cần làm:")
    doc.body(["Kết quả ", ("như sau", "b"), ": "])
    doc.body("Kết quả đã nêu ở trên.")
    doc.dash("Việc thứ nhất;")
    assert [_kept(p) for p in _body(doc)] == [True, True, False, False]


def test_the_last_paragraph_is_signed_with_the_closing_block():
    doc = OfficialDocument()
    doc.body("Trên đây là báo cáo của Sở./.")
    doc.closing(ClosingInfo(("- Lưu: VT, VP.",), ("GIÁM ĐỐC",), "Nguyễn Văn An"))
    first, table = _body(doc)[:2]
    assert _kept(first) and table.tag == W + "tbl"


def test_a_label_row_keeps_with_the_row_under_it():
    table = Table([Col(15, "center"), Col(100)])
    table.row(["STT", "Họ và tên"], header=True)
    table.row([Cell("Văn phòng (2 thành viên)", span=2, bold=True)], keep_with_next=True)
    table.row(["1", "Nguyễn Văn An"])
    header, label, member = table._rows
    assert KEEP not in header  # the header row keeps by its style (below)
    assert label.count(KEEP) == 1 and KEEP not in member
    together = _table(keep_together=True)
    together.row(["3", "Dòng 3"], keep_with_next=True)
    assert all(r.count(KEEP) <= 2 for r in together._rows)  # never twice in one paragraph


def test_the_styles_keep_headings_and_table_headers_with_what_follows():
    styles = etree.fromstring(styles_xml().encode("utf-8"))
    for name in ("VBHeading1", "VBHeading2", "VBHeading3", "VBTableHead", "VBTableSmallHead"):
        style = styles.find(f"{W}style[@{W}styleId='{name}']")
        assert style is not None and style.find(f"{W}pPr/{W}keepNext") is not None, name


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    out = tmp_path_factory.mktemp("keep_next")
    month, levels = long_runs(20, 10)
    request = decide_request(levels)
    paths = [write_unit_report(month, out / "thang.docx"), write_unit_report(levels, out / "nam.docx"),
             write_department_report(month, month.departments[0], out / "thong_bao.docx"),
             build_self_assessment(levels, request).save(out / "tu_danh_gia.docx"),
             write_plan(month.config, month.rule_set, 2026, out / "ke_hoach.docx", today=TODAY)]
    if request.level is not None:
        paths.append(build_request(levels, request).save(out / "to_trinh.docx"))
    return paths


def test_every_document_keeps_what_introduces_a_table_and_every_label_row(documents):
    checked = labels = 0
    for path in documents:
        root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
        body = [k for k in root.find(W + "body") if k.tag in (W + "p", W + "tbl")]
        for before, element in zip(body, body[1:]):
            if element.tag == W + "tbl" and before.tag == W + "p" and _text(before):
                checked += 1
                assert _kept(before), f"{path.name}: “{_text(before)}” trước một bảng"
        for table in root.iter(W + "tbl"):
            for row in table.findall(W + "tr")[:-1]:  # the last row is a total, not a label
                if row.find(f".//{W}gridSpan") is not None and row.find(f".//{W}b") is not None \
                        and row.find(f"{W}trPr/{W}tblHeader") is None:
                    labels += 1
                    assert all(_kept(p) for p in row.iter(W + "p")), f"{path.name}: hàng “{_text(row)}”"
    assert checked >= 10 and labels >= 10
