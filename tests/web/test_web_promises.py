"""The web app keeps the CLI's promises (issue 24): a broken upload is kept and shown as `dvht run` shows it,
a file arrived after the run is flagged whatever its saved time, warnings reach the board in the console's
words, any file name the CLI survives is shown escaped, and no input reaches a 500."""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import time

from web_helpers import SAMPLE, client, files_field, make_app, sample_uploads, wait_for_run

from builders import member, run_cli, write_department

JSON = {"Accept": "application/json"}


def _run(c, settings, period="2025-11"):
    assert c.post(f"/ky/{period}/tong-hop", data={"csrf": settings.csrf}, headers=JSON).status_code == 202
    job = wait_for_run(c, period)
    assert job["error"] is None, job


def _comparable(result: dict) -> dict:
    """ket_qua.json without what differs between two runs of the same folder (time, run id, rule file path)."""
    return {k: v for k, v in result.items() if k not in ("generated_at", "run_id")}


def _docx_text(path) -> list[str]:
    import re

    from docx import Document

    doc = Document(str(path))
    lines = [p.text for p in doc.paragraphs] + [" | ".join(c.text for c in row.cells)
                                                 for t in doc.tables for row in t.rows]
    return [re.sub(r"\d{1,2} giờ \d{2}", "HH giờ MM", line) for line in lines]


def test_a_broken_upload_is_kept_and_shown_as_dvht_run_shows_it(tmp_path):
    application, settings = make_app(tmp_path)
    c = client(application, settings)
    truncated = (SAMPLE / "phong" / "VP_11-2025.xlsx").read_bytes()[:3000]
    files = files_field(sample_uploads()) + [("tep", ("TTTT_11-2025.xlsx", truncated, "application/octet-stream"))]
    answer = c.post("/ky/2025-11/tai-len", files=files, data={"csrf": settings.csrf}, headers=JSON).json()
    assert "TTTT_11-2025.xlsx" in answer["saved"]
    folder = settings.input_root / "2025-11"
    assert (folder / "TTTT_11-2025.xlsx").read_bytes() == truncated  # stored as sent
    _run(c, settings)
    page = c.get("/ky/2025-11").text
    row = page.split('data-code="TTTT"', 1)[1].split("</tr>", 1)[0]
    assert "Đã gửi, chưa dùng được" in row and "TTTT_11-2025.xlsx" in row and "bị hỏng" in row
    assert "theo tên tệp" in row

    cli = run_cli("run", folder, "--config", settings.config_path, "--out", tmp_path / "cli", "--period", "2025-11",
                  "-q")
    assert cli.returncode == 0, cli.stderr
    web_out, cli_out = settings.out_root / "2025-11", tmp_path / "cli" / "2025-11"
    web_json = json.loads((web_out / "ket_qua.json").read_text(encoding="utf-8"))
    cli_json = json.loads((cli_out / "ket_qua.json").read_text(encoding="utf-8"))
    assert _comparable(web_json) == _comparable(cli_json)  # the same board
    assert _docx_text(web_out / "bao_cao_don_vi.docx") == _docx_text(cli_out / "bao_cao_don_vi.docx")  # annex
    assert "Đã gửi, chưa dùng được" in "\n".join(_docx_text(web_out / "bao_cao_don_vi.docx"))
    assert sorted(p.name for p in (web_out / "phan_hoi").iterdir()) == \
        sorted(p.name for p in (cli_out / "phan_hoi").iterdir())  # the same feedback files
    assert any(p.name.startswith("TTTT_") for p in (web_out / "phan_hoi").iterdir())


def test_a_file_arrived_after_the_run_is_flagged_whatever_its_saved_time(tmp_path):
    application, settings = make_app(tmp_path)
    c = client(application, settings)
    src = tmp_path / "src"
    src.mkdir()
    vp = write_department(src / "VP_11-2025.xlsx")
    c.post("/ky/2025-11/tai-len", files=files_field([vp]), data={"csrf": settings.csrf}, headers=JSON)
    _run(c, settings)
    page = c.get("/ky/2025-11").text
    assert 'id="late"' not in page and "mới, chưa tổng hợp" not in page
    time.sleep(1.1)  # the run's stamp keeps whole seconds
    kt = write_department(src / "KHTC_11-2025.xlsx", ma_phong="KHTC", ten_phong="Phòng Kế hoạch - Tài chính")
    saved_long_ago = str(int(time.mktime((2025, 11, 3, 8, 0, 0, 0, 0, -1)) * 1000))  # before the run
    c.post("/ky/2025-11/tai-len", files=files_field([kt]), headers=JSON,
           data={"csrf": settings.csrf, "thoi_gian": saved_long_ago})
    stored = settings.input_root / "2025-11" / "KHTC_11-2025.xlsx"
    assert stored.stat().st_mtime < time.time() - 86400  # its own saved time is kept…
    page = c.get("/ky/2025-11").text
    assert "Có 1 tệp đến sau lần tổng hợp gần nhất" in page  # …and it is still flagged
    late = page.split('id="late-files"', 1)[1].split("</ul>", 1)[0]
    assert "KHTC_11-2025.xlsx" in late and "VP_11-2025.xlsx" not in late
    _run(c, settings)
    assert 'id="late"' not in c.get("/ky/2025-11").text


def test_a_file_replaced_in_a_chosen_folder_with_an_older_saved_time_is_flagged(tmp_path):
    """Copying keeps a file's saved time (File Explorer, `cp -p`): a new version of a file the run read, saved
    before that run and copied over it after, is flagged by its arrival."""
    application, settings = make_app(tmp_path)
    c = client(application, settings)
    chosen = tmp_path / "thang-11"
    chosen.mkdir()
    vp = write_department(chosen / "VP_11-2025.xlsx")
    old = vp.stat().st_mtime - 3 * 86400
    os.utime(vp, (old, old))
    c.post("/ky/2025-11/thu-muc", data={"csrf": settings.csrf, "thu_muc": str(chosen)})
    _run(c, settings)
    assert 'id="late"' not in c.get("/ky/2025-11").text
    time.sleep(1.1)
    write_department(tmp_path / "new.xlsx", [member("Lê Văn Cường")])
    shutil.copy2(tmp_path / "new.xlsx", vp)  # content replaced, its saved time (copied) older than the run
    os.utime(vp, (old, old))
    page = c.get("/ky/2025-11").text
    assert "Có 1 tệp đến sau lần tổng hợp gần nhất" in page and "mới, chưa tổng hợp" in page


def test_warnings_on_the_board_in_the_console_words(tmp_path):
    application, settings = make_app(tmp_path)
    c = client(application, settings)
    src = tmp_path / "src"
    src.mkdir()
    vp = write_department(src / "VP_11-2025.xlsx", [member("Nguyễn Văn An", **{"Năm sinh": "khoảng 1980"}),
                                                    member("Trần Thị Bình", **{"Giới tính": "?"})], ma_don_vi="SVHTT")
    c.post("/ky/2025-11/tai-len", files=files_field([vp]), data={"csrf": settings.csrf}, headers=JSON)
    _run(c, settings)
    result = json.loads((settings.out_root / "2025-11" / "ket_qua.json").read_text(encoding="utf-8"))
    warnings = [w["message"] for f in result["files"] for w in f["warnings"]]
    assert any("năm sinh" in w for w in warnings) and any("giới tính" in w for w in warnings), warnings
    page = c.get("/ky/2025-11").text
    row = html.unescape(page.split('data-code="VP"', 1)[1].split("</tr>", 1)[0])
    assert "Đã nhận" in row
    for w in warnings:
        assert f"Lưu ý: {w}" in row, w
    cli = run_cli("run", settings.input_root / "2025-11", "--config", settings.config_path, "--out",
                  tmp_path / "cli", "--period", "2025-11")
    expiry = next(line for line in cli.stdout.splitlines() if line.startswith("Cảnh báo: Thông tư 22/2020"))
    assert expiry in html.unescape(page)  # the TT 22 expiry warning, word for word


def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path):
    application, settings = make_app(tmp_path)
    c = client(application, settings)
    folder = settings.input_root / "2025-11"
    folder.mkdir(parents=True)
    name = os.fsdecode(b"TTR_\xff\xfe.xlsx")
    shutil.copy(SAMPLE / "phong" / "VP_11-2025.xlsx", folder / name)
    before = c.get("/ky/2025-11")
    assert before.status_code == 200 and "TTR_\\xff\\xfe.xlsx" in before.text
    _run(c, settings)
    after = c.get("/ky/2025-11")
    assert after.status_code == 200 and "TTR_\\xff\\xfe.xlsx" in after.text
    cli = run_cli("run", folder, "--config", settings.config_path, "--out", tmp_path / "cli", "--period", "2025-11")
    assert "TTR_\\xff\\xfe.xlsx" in cli.stdout  # as the console shows it


def test_a_rejected_resend_links_its_feedback_from_its_row(tmp_path):
    """VP's accepted file stays in use; its later re-send, rejected, is listed with its own feedback file."""
    application, settings = make_app(tmp_path)
    c = client(application, settings)
    src = tmp_path / "src"
    src.mkdir()
    first = write_department(src / "VP_11-2025.xlsx", ma_don_vi="SVHTT")
    again = write_department(src / "VP_11-2025 gui lai.xlsx", [member("Nguyễn Văn An", **{"Kế hoạch tự học": "Đã xong"})],
                             ma_don_vi="SVHTT", ngay_lap="20/11/2025")
    c.post("/ky/2025-11/tai-len", files=files_field([first, again]), data={"csrf": settings.csrf}, headers=JSON)
    _run(c, settings)
    result = json.loads((settings.out_root / "2025-11" / "ket_qua.json").read_text(encoding="utf-8"))
    statuses = {f["path"]: f["status"] for f in result["files"]}
    page = c.get("/ky/2025-11").text
    assert statuses["VP_11-2025 gui lai.xlsx"] == "rejected", statuses
    row = page.split('id="unused"', 1)[1].split("</table>", 1)[0]
    link = re.search(r'href="/tai/(2025-11/phan_hoi/[^"]+)">Tệp phản hồi', row)
    assert link and "gui_lai" in link.group(1).replace(" ", "_"), row
    assert c.get(f"/tai/{link.group(1)}").content[:2] == b"PK"
    assert "Tệp dữ liệu kết quả (ket_qua.json, cho phần mềm khác đọc)" in page
    assert "máy đọc" not in page
