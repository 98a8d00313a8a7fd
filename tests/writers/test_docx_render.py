"""Render the documents with LibreOffice (docx → PDF → text and PNG) and check what a clerk would see.

Skipped, with the reason, when LibreOffice or poppler-utils are not installed. The PNGs of page 1,
a table page and the signature page are also copied under <tmp>/dvht_docx_png/ for a human look.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from docx_fixtures import TODAY, build_run, levels_rule_set, scenario
from builders import RUN_AT, run_cli, write_run

from dvht_batch.errors import DvhtError
from dvht_batch.period import Period
from dvht_batch.writers.docx import convert_to_pdf, find_soffice, pdf as pdf_module
from dvht_batch.writers.docx import write_department_report, write_plan, write_unit_report

POPPLER = all(shutil.which(t) for t in ("pdftotext", "pdfinfo", "pdftoppm"))
needs_render = pytest.mark.skipif(
    find_soffice() is None or not POPPLER,
    reason="LibreOffice (soffice) or poppler-utils (pdftotext, pdfinfo, pdftoppm) not installed: "
           "apt-get install libreoffice-writer-nogui fonts-liberation2 poppler-utils",
)
PNG_DIR = Path(tempfile.gettempdir()) / "dvht_docx_png"


def _out(*cmd: str) -> str:
    return subprocess.run(cmd, capture_output=True, check=True, timeout=120).stdout.decode("utf-8", "replace")


def _pages(pdf: Path) -> list[tuple[float, float]]:
    info = _out("pdfinfo", "-f", "1", "-l", "999", str(pdf))
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


def _page_text(pdf: Path, page: int, layout: bool = False) -> str:
    args = ["pdftotext", "-f", str(page), "-l", str(page)] + (["-layout"] if layout else []) + [str(pdf), "-"]
    return _out(*args)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    if find_soffice() is None or not POPPLER:
        pytest.skip("LibreOffice or poppler-utils not installed")
    out = tmp_path_factory.mktemp("render")
    result = build_run()
    vp = next(d for d in result.departments if d.code == "VP")
    year = Period(2025)
    levels = build_run(scenario(year), rule_set=levels_rule_set(), period=year)
    docs = [
        write_unit_report(result, out / "bao_cao_don_vi.docx"),
        write_department_report(result, vp, out / "bao_cao_VP.docx"),
        write_plan(result.config, result.rule_set, 2026, out / "ke_hoach_2026.docx", today=TODAY),
        write_unit_report(levels, out / "bao_cao_muc_do.docx"),
    ]
    pdfs = convert_to_pdf(docs, out / "pdf")  # one soffice call for the whole batch
    return dict(zip(("unit", "department", "plan", "levels"), pdfs))


@needs_render
def test_pdfs_written_in_order(rendered):
    assert [p.name for p in rendered.values()] == [
        "bao_cao_don_vi.pdf", "bao_cao_VP.pdf", "ke_hoach_2026.pdf", "bao_cao_muc_do.pdf"]
    for pdf in rendered.values():
        assert pdf.read_bytes()[:5] == b"%PDF-"


@needs_render
@pytest.mark.parametrize("kind,low,high", [("unit", 5, 14), ("department", 1, 3), ("plan", 3, 7), ("levels", 4, 12)])
def test_page_counts_are_sane(rendered, kind, low, high):
    pages = _pages(rendered[kind])
    assert low <= len(pages) <= high, len(pages)
    w, h = pages[0]
    assert abs(w - 595.3) < 2 and abs(h - 841.9) < 2  # A4 portrait first page


@needs_render
def test_header_block_lines_do_not_wrap(rendered):
    for kind in rendered:
        first = _page_text(rendered[kind], 1, layout=True)
        lines = [re.sub(r"\s{2,}", "  ", line.strip()) for line in first.splitlines()]
        joined = "\n".join(lines)
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in joined, kind
        assert "Độc lập - Tự do - Hạnh phúc" in joined, kind
        assert "Quảng Ngãi, ngày 05 tháng 3 năm 2025" in joined, kind
        assert "SỞ TÀI CHÍNH" in joined and "UBND TỈNH QUẢNG NGÃI" in joined


@needs_render
def test_key_lines_of_the_unit_report(rendered):
    text = _out("pdftotext", str(rendered["unit"]), "-")
    flat = re.sub(r"\s+", " ", text)
    for needle in ("Số: 07/BC-STC", "BÁO CÁO", "I. TÌNH HÌNH CHUNG", "II. KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ",
                   "Phụ lục I", "Phụ lục II", "Phụ lục III", "Phụ lục IV", "Nơi nhận:", "- Lưu: VT, VP.",
                   "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An", "(Kèm theo Báo cáo số 07/BC-STC ngày 05/3/2025"):
        assert needle in flat, needle
    assert "Tình hình thực hiện các tiêu chí “Đơn vị học tập” tháng 11 năm 2025" in flat


@needs_render
def test_page_numbers_from_page_two_and_landscape_annex(rendered):
    pdf = rendered["unit"]
    pages = _pages(pdf)
    first = [line.strip() for line in _page_text(pdf, 1).splitlines() if line.strip()]
    assert "1" not in first[:2]
    for n in range(2, len(pages) + 1):
        lines = [line.strip() for line in _page_text(pdf, n).splitlines() if line.strip()]
        assert str(n) in lines[:3], (n, lines[:3])  # numbering continues through the landscape sections
    assert any(w > h for w, h in pages), "the per-department annex should be landscape"
    landscape = [i + 1 for i, (w, h) in enumerate(pages) if w > h]
    assert "Phụ lục II" in _page_text(pdf, landscape[0])


@needs_render
def test_png_pages(rendered, tmp_path):
    PNG_DIR.mkdir(exist_ok=True)
    pdf = rendered["unit"]
    pages = _pages(pdf)
    wanted = {1: "trang1_tieu_de", len(pages): "phu_luc_cuoi"}
    for n in range(1, len(pages) + 1):
        text = _page_text(pdf, n)
        if "Nơi nhận:" in text:
            wanted[n] = "khoi_ky"
        if "Phụ lục I\n" in text:
            wanted[n] = "bang_tieu_chi"
    for n, name in wanted.items():
        prefix = tmp_path / name
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", str(n), "-l", str(n), "-singlefile", str(pdf), str(prefix)],
                       check=True, timeout=60)
        png = prefix.with_suffix(".png")
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        shutil.copy(png, PNG_DIR / png.name)


SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"


@pytest.fixture(scope="module")
def sample_pdfs(tmp_path_factory):
    """`dvht run sample_data --pdf`, as a clerk runs it: every report's PDF beside its document."""
    if find_soffice() is None or not POPPLER:
        pytest.skip("LibreOffice or poppler-utils not installed")
    out = tmp_path_factory.mktemp("sample_render")
    done = run_cli("run", SAMPLE, "--out", out, "--pdf")
    assert done.returncode == 0, done.stderr
    docs = sorted(out.rglob("*.docx"))
    pdfs = sorted(out.rglob("*.pdf"))
    assert len(docs) >= 4 and [p.with_suffix(".docx") for p in pdfs] == docs
    assert not [p for p in out.rglob(".dvht_pdf_*")]  # the staging folder is gone
    return pdfs


@needs_render
def test_no_page_ends_with_a_heading(rendered, sample_pdfs):
    """A heading, label or line introducing a table starts the page of what it heads (tests/page_feet.py)."""
    from page_feet import page_words, stranded

    pairs = [(pdf.parent.parent / f"{pdf.stem}.docx", pdf) for pdf in rendered.values()]
    pairs += [(pdf.with_suffix(".docx"), pdf) for pdf in sample_pdfs]
    found = [f"{pdf.name}, trang {page}: {kind}: {text}" for docx, pdf in pairs
             for page, kind, text in stranded(docx, pdf)]
    assert not found, "\n".join(found)
    assert sum(len(page_words(pdf)) - 1 for _docx, pdf in pairs) >= 10  # page feet looked at


def test_pdf_is_one_libreoffice_run_and_never_outlives_its_document(tmp_path, monkeypatch):
    """Reports of two folders → one soffice call; a re-run clears PDFs of reports it no longer writes."""
    from dvht_batch import pipeline

    from builders import fake_soffice

    calls = fake_soffice(monkeypatch)
    config, rule_set = pipeline.load_setup(None, SAMPLE)
    result = pipeline.collect(SAMPLE, config, rule_set, now=RUN_AT)
    written = write_run(result, tmp_path, pdf=True, ledger=False)
    assert len(calls) == 1
    assert written.pdfs == [p.with_suffix(".pdf") for p in [written.unit_report, *written.department_reports]]
    assert all(p.is_file() for p in written.pdfs)
    stale = written.department_reports[0].with_suffix(".pdf")
    write_run(result, tmp_path, pdf=False, ledger=False)  # documents again, without --pdf
    assert not stale.exists() and not written.pdfs[0].exists()


# ------------------------------------------------------------------------------------------ errors (no soffice needed)


def test_missing_libreoffice_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf_module, "find_soffice", lambda: None)
    doc = tmp_path / "a.docx"
    doc.write_bytes(b"x")
    with pytest.raises(DvhtError) as err:
        pdf_module.convert_to_pdf([doc], tmp_path)
    assert "Chưa cài LibreOffice" in str(err.value) and "apt-get install" in str(err.value)
    assert pdf_module.convert_to_pdf([], tmp_path) == []


def test_same_names_would_overwrite(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf_module, "find_soffice", lambda: "/khong_co/soffice")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for d in ("a", "b"):
        (tmp_path / d / "x.docx").write_bytes(b"x")
    with pytest.raises(DvhtError, match="cùng tên"):
        pdf_module.convert_to_pdf([tmp_path / "a" / "x.docx", tmp_path / "b" / "x.docx"], tmp_path / "out")


@pytest.mark.skipif(os.name != "posix", reason="uses a shell script as a fake soffice")
def test_failing_and_hanging_soffice(monkeypatch, tmp_path):
    doc = tmp_path / "a.docx"
    doc.write_bytes(b"x")
    failing = tmp_path / "fail.sh"
    failing.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    failing.chmod(0o755)
    monkeypatch.setattr(pdf_module, "find_soffice", lambda: str(failing))
    with pytest.raises(DvhtError, match="không tạo được 1 tệp PDF"):
        pdf_module.convert_to_pdf([doc], tmp_path / "out")
    hanging = tmp_path / "hang.sh"
    hanging.write_text(f"#!/bin/sh\nexec {sys.executable} -c 'import time; time.sleep(30)'\n")
    hanging.chmod(0o755)
    monkeypatch.setattr(pdf_module, "find_soffice", lambda: str(hanging))
    with pytest.raises(DvhtError, match="chưa chuyển xong"):
        pdf_module.convert_to_pdf([doc], tmp_path / "out", timeout=1)
