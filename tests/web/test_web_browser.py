"""End to end in a real headless browser: `dvht giao-dien` (real uvicorn on a free port of 127.0.0.1) driven by
Playwright with Debian's chromium. The clerk opens the token URL, opens the period, uploads the sample agency's
files (file chooser and drag-and-drop), presses "Tổng hợp", reads the board and downloads the BÁO CÁO, which
must be the document `dvht run` writes from the same folder. Screenshots are left in the test's tmp folder."""
from __future__ import annotations

import base64
import os
import re
import shutil
from pathlib import Path

import pytest
from web_helpers import SAMPLE, sample_uploads, served_app

from builders import run_cli

CHROMIUM = next((p for p in ("/usr/lib/chromium/chromium", shutil.which("chromium") or "") if p and os.path.exists(p)),
                None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)")


def document_text(path: Path) -> list[str]:
    """Paragraphs and table rows; the minute of the run ("tổng hợp lúc 13 giờ 28") is the only allowed difference."""
    from docx import Document

    doc = Document(str(path))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return [re.sub(r"\d{1,2} giờ \d{2}", "HH giờ MM", line) for line in lines]


@pytest.fixture
def server(tmp_path):
    with served_app(tmp_path) as url:
        yield url


def test_month_in_the_browser(server, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    uploads = [p for p in sample_uploads() if p.suffix == ".xlsx" and not p.name.startswith("~$")]
    note = SAMPLE / "phong" / "Ghi chu cua Van phong.txt"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        page.set_default_timeout(180_000)
        expect.set_options(timeout=60_000)  # assertions wait as long as a loaded machine needs (default 5 s)
        page.goto(server)
        expect(page.locator("h1")).to_contain_text("Sở Văn hóa và Thông tin")
        assert "token" not in page.url  # the token moved into a cookie
        page.fill('input[name="ky"]', "11/2025")
        page.click("text=Mở kỳ")
        expect(page.locator("h1")).to_contain_text("tháng 11 năm 2025")
        page.screenshot(path=str(tmp_path / "1-ky-moi.png"), full_page=True)

        page.set_input_files('#upload input[type="file"]', [str(p) for p in uploads])
        expect(page.locator("#tep")).to_contain_text(f"— {len(uploads)} tệp")
        page.wait_for_load_state("load")  # the reloaded page's script is listening before anything is dropped
        # drag and drop: a note that is not a workbook is refused at once, in Vietnamese
        transfer = page.evaluate_handle(
            """([name, data]) => { const dt = new DataTransfer();
                 dt.items.add(new File([Uint8Array.from(atob(data), c => c.charCodeAt(0))], name)); return dt; }""",
            [note.name, base64.b64encode(note.read_bytes()).decode()])
        page.dispatch_event("#upload", "drop", {"dataTransfer": transfer})
        # the refusal is kept on the board (reloaded), until dismissed
        expect(page.locator("#refusals")).to_contain_text("không phải bảng tính Excel")
        page.screenshot(path=str(tmp_path / "2-tai-len.png"), full_page=True)

        page.click("#run-button")
        expect(page.locator("#total")).to_contain_text("91,77", timeout=240_000)
        expect(page.locator("#class")).to_have_text("Tốt")
        expect(page.locator('tr[data-code="TTR"] .status-label')).to_have_text("Đã gửi, chưa dùng được")
        expect(page.locator('tr[data-code="TTR"]')).to_contain_text("Thanh_vien!I3")
        expect(page.locator('tr[data-code="TTTT"] .status-label')).to_have_text("Chưa gửi")
        expect(page.locator('tr[data-code="VP"] .status-label')).to_have_text("Đã nhận")
        page.screenshot(path=str(tmp_path / "3-ket-qua.png"), full_page=True)

        with page.expect_download() as info:
            page.click("text=BÁO CÁO của đơn vị (Word)")
        report = tmp_path / "tai_ve.docx"
        info.value.save_as(str(report))
        page.goto(server.split("/?")[0] + "/lich-su")
        page.screenshot(path=str(tmp_path / "4-lich-su.png"), full_page=True)
        browser.close()

    cli = run_cli("run", tmp_path / "du_lieu" / "2025-11", "--config", tmp_path / "dvht.toml", "--out",
                  tmp_path / "cli", "--period", "2025-11", "-q")
    assert cli.returncode == 0, cli.stderr
    assert report.read_bytes()[:2] == b"PK"
    assert document_text(report) == document_text(tmp_path / "cli" / "2025-11" / "bao_cao_don_vi.docx")
