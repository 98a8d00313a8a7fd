"""No page of a signed document ends with a heading, a label or the line introducing a table (docs/van-ban.md).

Rendered with the real LibreOffice (skipped, with the reason, when it or poppler-utils is missing) and read
back with `pdftotext -bbox` (tests/page_feet.py): long real documents — many departments, long names, the
TT 22 and TT 24 reports with their annexes, departments' notices, the dossier's self-assessment — and one
document built to put a heading, a line introducing a table, a label row and the last line before the
signature at every height of a page.
"""
from __future__ import annotations

import shutil

import pytest

from docx_fixtures import long_runs
from page_feet import must_not_end_a_page, stranded

from dvht_batch.assess.dossier import decide_request
from dvht_batch.writers.docx import convert_to_pdf, find_soffice, write_department_report, write_unit_report
from dvht_batch.writers.docx.bao_cao_annexes import member_gap_table
from dvht_batch.writers.docx.common import member_criteria
from dvht_batch.writers.docx.ho_so_bao_cao import build_self_assessment
from dvht_batch.writers.docx.layout import ClosingInfo, OfficialDocument
from dvht_batch.writers.docx.ooxml import Col, Table

POPPLER = all(shutil.which(t) for t in ("pdftotext", "pdfinfo"))
pytestmark = pytest.mark.skipif(
    find_soffice() is None or not POPPLER,
    reason="LibreOffice (soffice) or poppler-utils (pdftotext) not installed: "
           "apt-get install libreoffice-writer-nogui fonts-liberation2 poppler-utils",
)


def every_height(result) -> OfficialDocument:
    """The same motif again and again, a line longer each time, so that the page feet fall all through it: a
    heading, a sub-heading, a line introducing a table (no colon), a label row over its members, a line
    announcing a list (colon), the list, and a closing sentence with the signature block."""
    doc = OfficialDocument(title="Chỗ ngắt trang")
    crits = member_criteria(result.rule_set)
    for i in range(1, 25):
        doc.heading1(f"Mục thứ {i}")
        doc.body("Đoạn văn mở đầu của mục, dài thêm một dòng mỗi lần. " * (1 + i % 6))
        doc.heading2(f"{i}. Kết quả của các phòng")
        doc.body("Bảng dưới đây nêu các thành viên chưa đạt, theo từng phòng.")
        member_gap_table(doc, result.departments[i % 9:i % 9 + 2], crits, by_department=True)
        doc.body("Các việc cần làm:")
        doc.dash("Đôn đốc thành viên chưa đạt tiêu chí hoàn thành chương trình bồi dưỡng bắt buộc.")
        table = Table([Col(15, "center"), Col(doc.width_mm - 15)])
        table.row(["STT", "Việc"], header=True)
        table.row(["1", "Cập nhật bảng theo dõi thành viên."])
        doc.table(table)
        if i % 4 == 0:
            doc.body("Văn phòng báo cáo để Giám đốc biết./.")
            doc.closing(ClosingInfo(("- Giám đốc;", "- Lưu: VT, VP."), ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), "Nguyễn Văn An"))
    return doc


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("page_feet")
    month, levels = long_runs(40, 12)
    docs = [write_unit_report(month, out / "bao_cao_thang.docx"),
            write_unit_report(levels, out / "bao_cao_nam.docx"),
            build_self_assessment(levels, decide_request(levels)).save(out / "bao_cao_tu_danh_gia.docx"),
            every_height(month).save(out / "moi_do_cao.docx")]
    docs += [write_department_report(month, d, out / f"thong_bao_{d.code}.docx")
             for d in month.departments[:12] if d.score is not None]
    return list(zip(docs, convert_to_pdf(docs, out / "pdf")))


def test_no_page_ends_with_a_heading_a_label_or_an_introducing_line(rendered):
    found = [f"{docx.name}, trang {page}: {kind}: {text}" for docx, pdf in rendered
             for page, kind, text in stranded(docx, pdf)]
    assert not found, "\n".join(found)


def test_the_check_looks_at_every_kind_and_many_page_feet(rendered):
    """The check itself: every kind it guards is in the documents, and they run to many pages."""
    kinds = {kind for docx, _pdf in rendered for kind, _text in must_not_end_a_page(docx)}
    assert kinds >= {"heading", "kept with next", "introduces a table", "table header row", "label row"}
    from page_feet import page_words

    assert sum(len(page_words(pdf)) for _docx, pdf in rendered) >= 60
