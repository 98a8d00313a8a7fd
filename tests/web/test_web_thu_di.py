"""The Thư đi page against the real servers of test_gui_thu (aiosmtpd → LMTP → Dovecot, read back over IMAP):
drafts first, then the same letters sent once; the password is used for the request only."""
from __future__ import annotations

from test_gui_thu import PASSWORD, addresses, mailstore, relay, servers, setup  # noqa: F401 (fixtures)
from web_helpers import client, make_app


def test_the_web_page_drafts_then_sends_the_same_letters(tmp_path, relay, mailstore):  # noqa: F811
    to = addresses()
    application, settings = make_app(tmp_path, setup(tmp_path, relay, to))
    c = client(application, settings)
    assert "Gửi thư cho các phòng" in c.get("/thu-di").text
    form = {"csrf": settings.csrf, "ky": "11/2025", "loai": "mau", "gui": "0"}
    drafted = c.post("/thu-di", data=form).text
    assert "Thư nháp mau_VP.eml" in drafted and "TCHC — Phòng Tổ chức hành chính" in drafted
    assert mailstore.messages(to["VP"]) == []
    sent = c.post("/thu-di", data={**form, "gui": "1", "mat_khau": PASSWORD}).text
    assert sent.count("Đã gửi") == 2 and PASSWORD not in sent
    again = c.post("/thu-di", data={**form, "gui": "1", "mat_khau": PASSWORD}).text
    assert again.count("Đã gửi lúc") == 2
    assert len(mailstore.messages(to["VP"])) == 1 and len(mailstore.messages(to["KT"])) == 1
