"""The Mailbox page against a real IMAP server (the private Dovecot of test_nhan_thu): new messages with a
workbook go into the period's input folder; the password is used for the request only."""
from __future__ import annotations

from builders import write_department
from test_nhan_thu import PASSWORD, USER, message, server  # noqa: F401 (server is the Dovecot fixture)
from web_helpers import client, make_app


def test_mailbox_fetches_into_the_period_folder(server, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setenv("DVHT_IMAP_CAFILE", str(server.cafile))
    application, settings = make_app(tmp_path)
    c = client(application, settings)
    workbook = write_department(tmp_path / "VP.xlsx", ma_phong="VP", ky_bao_cao="12/2025").read_bytes()
    server.deliver(message("vp@stc.gov.vn", 3, ("VP_12-2025.xlsx", workbook)))
    form = {"csrf": settings.csrf, "ky": "12/2025", "host": server.host, "port": str(server.port), "user": USER,
            "mat_khau": PASSWORD, "folder": "INBOX"}
    page = c.post("/hop-thu", data=form).text
    assert "Đã lưu 1 thư có tệp Excel" in page, page
    saved = list((settings.input_root / "2025-12").glob("*.eml"))
    assert len(saved) == 1 and "vp@stc.gov.vn" in saved[0].name
    again = c.post("/hop-thu", data=form).text
    assert "Đã lưu 0 thư" in again and "đã nhận từ trước: 1" in again
    for text in (page, again, c.get("/hop-thu").text):
        assert PASSWORD not in text
    assert not any(PASSWORD.encode() in p.read_bytes() for p in settings.out_root.rglob("*") if p.is_file())
    wrong = c.post("/hop-thu", data={**form, "mat_khau": "sai-mat-khau"})
    assert wrong.status_code == 400 and "sai-mat-khau" not in wrong.text
