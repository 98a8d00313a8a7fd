"""Every document written the fast way (constant parts deflated once per run, `writers/docx/package.py`; plain
table cells' XML made once, `ooxml._PLAIN_CELLS`) is the document the reference way writes: byte for byte the
package `zipfile` makes of the same parts with nothing remembered, on a run of many departments with odd names,
Vietnamese text and highlighted blanks; and python-docx reads it as it reads the reference. A title's width
(which decides where it breaks) is measured word by word, exactly as wide as measured whole."""
from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from datetime import datetime

import docx
import pytest
from docx_fixtures import build_run, report_config, synthetic

from dvht_batch.models import DepartmentStatus, RunContext
from dvht_batch.writers.docx import common, layout, metrics, ooxml, package
from dvht_batch.writers.docx.bao_cao import build_unit_report
from dvht_batch.writers.docx.department_report import build_department_report

RUN_AT = datetime(2026, 12, 6, 23, 41, 7)
ODD_NAMES = ["Phòng Tổ chức & Cán bộ <TC-CB>", "Phòng “Quản lý” 'giá'   công sản", "Ban\tquản lý\ndự án",
             "Trung tâm Dịch vụ tài chính công, Kiểm định giá và Tư vấn đầu tư " * 3, "Đội Ưng Ơn Ỹ ỹ ữ Ữ"]


def _run(van_ban: dict, members: int = 12):
    cfg, records = synthetic(45, members, seed=11)
    for i, name in enumerate(ODD_NAMES):
        cfg["phong"][i * 7]["ten"] = name
    for k, m in enumerate(m for r in records for m in r.members):
        if k % 5 == 0:  # those failing a criterion show in the gap tables
            m.name = f"{m.name} & “Út” <{k}>"
    cfg["van_ban"].update(van_ban)
    cfg["van_ban"] = {k: v for k, v in cfg["van_ban"].items() if v is not None}
    return build_run(records, config=report_config() | {"phong": cfg["phong"], "van_ban": cfg["van_ban"]})


def _documents(result, run_id: str | None, cold: bool = False):
    """The unit's report and every department's notice; `cold`: each made with nothing remembered (no cell,
    header block or rate made before it)."""
    makers = [lambda: build_unit_report(result, RunContext(run_id=run_id))]
    makers += [lambda d=d: build_department_report(result, d)
               for d in result.departments if d.status is DepartmentStatus.ACCEPTED]
    docs = []
    for make in makers:
        if cold:
            ooxml._PLAIN_CELLS.clear()
            layout._header_table.cache_clear()
            common._percent.cache_clear()
        doc = make()
        doc.run_id, doc.created = run_id, RUN_AT
        docs.append(doc)
    return docs


@pytest.mark.parametrize("van_ban", [{}, {"so_bao_cao": None, "ngay": None, "de_trong_ngay": True}])
@pytest.mark.parametrize("run_id", ["20261206-234107-a1b2c3", None])
def test_fast_packages_are_the_reference_packages(van_ban, run_id, monkeypatch):
    result = _run(van_ban)
    warm = _documents(result, run_id)  # the caches warm from one document to the next
    fast = [doc.to_bytes() for doc in warm]
    monkeypatch.setattr(ooxml, "_PLAIN_CELLS_MAX", 0)  # the reference: every cell's XML made afresh
    cold = _documents(result, run_id, cold=True)
    assert len(fast) == len(cold) > 40
    numbers = dates = 0
    for data, doc, ref in zip(fast, warm, cold):
        assert data == ref.reference_bytes()
        assert doc.fill_ins == ref.fill_ins  # the places to fill in, listed for the checklist (blanks.py)
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            assert z.testzip() is None
            assert ("docProps/custom.xml" in z.namelist()) == bool(run_id)
            body = z.read("word/document.xml").decode("utf-8")
        blanks = re.findall(r'<w:highlight w:val="yellow"/></w:rPr><w:t xml:space="preserve">( +)</w:t>', body)
        numbers += blanks[:1] == ["      "]  # Số:       /TB-STC: the văn thư writes the number
        dates += blanks[1:3] == ["     ", "     "]  # ngày      tháng      năm 2025: the signer writes the day
    assert numbers == len(fast) - (0 if van_ban else 1)  # the unit's report is numbered (so_bao_cao = 7)
    assert dates == (len(fast) if van_ban else 0)


def test_odd_names_reach_the_documents_escaped():
    result = _run({})
    docs = {d.name: doc for d, doc in zip(
        [d for d in result.departments if d.status is DepartmentStatus.ACCEPTED], _documents(result, None)[1:])}
    odd = docs["Phòng Tổ chức & Cán bộ <TC-CB>"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(odd.to_bytes())).paragraphs)
    assert "Phòng Tổ chức & Cán bộ <TC-CB> gửi" in text
    tables = docx.Document(io.BytesIO(odd.to_bytes())).tables
    assert any("“Út”" in cell.text for t in tables for row in t.rows for cell in row.cells)


def test_constant_parts_are_deflated_once_per_run():
    package.constant_entries.cache_clear()
    for doc in _documents(_run({}), "run-1")[:5] + _documents(_run({}), "run-2")[:5]:
        doc.to_bytes()
    assert package.constant_entries.cache_info().misses == 2


def _units_char_by_char(text: str, style: str) -> int:
    """The advance width of a whole line measured character by character (as before titles went word by word)."""
    chars, units = unicodedata.normalize("NFD", text), 0
    for i, ch in enumerate(chars):
        if not unicodedata.combining(ch):
            horn = ch in "oOuU" and chars[i + 1:i + 2] == "\u031b"
            units += metrics._TABLES[style].get({"o": "ơ", "O": "Ơ", "u": "ư", "U": "Ư"}[ch] if horn else ch,
                                                metrics._TABLES[style]["n"])
    return units


@pytest.mark.parametrize("bold, italic, style", [(False, False, "r"), (True, False, "b"), (False, True, "i"),
                                                 (True, True, "bi")])
def test_a_title_measured_word_by_word_is_as_wide_as_measured_whole(bold, italic, style):
    titles = [f"Kết quả thực hiện các tiêu chí “Đơn vị học tập” của {name} tháng 11 năm 2025" for name in ODD_NAMES]
    titles += ["  Ướt   ở ƯỚC ơ\u031b  ", "ỞỜỚỢỠ ươ ƯƠ o\u031b\u0301 Ứng dụng Ừ", "x" * 30, " " * 30]
    for text in titles:
        expected = _units_char_by_char(text, style) * 14 / metrics.UNITS_PER_EM
        assert metrics.text_width_pt(text, 14, bold, italic) == expected, text
