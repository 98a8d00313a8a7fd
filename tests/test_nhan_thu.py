"""`dvht nhan-thu` against a real IMAP server: a private Dovecot instance on 127.0.0.1 over TLS.

The server is `mail_servers.dovecot` (a throw-away configuration in a temporary folder, a self-signed
certificate, one user in a passwd file, `dovecot -F` on a free port); the messages are delivered with
IMAP APPEND. Skipped where Dovecot or openssl is not installed, or when not running as root.
"""
from __future__ import annotations

import imaplib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest
from builders import RUN_AT, write_department
from click.testing import CliRunner
from mail_servers import Dovecot, dovecot

from dvht_batch.cli import cli
from dvht_batch.mail.fetch import save_message

ICT = timezone(timedelta(hours=7))
USER, PASSWORD = "vanthu@stc.gov.vn", "mật-khẩu thử 123"


@dataclass
class Server:
    host: str
    port: int
    cafile: Path
    mailstore: Dovecot

    def client(self) -> imaplib.IMAP4_SSL:
        return self.mailstore.client(USER)

    def deliver(self, msg: EmailMessage) -> None:
        self.mailstore.deliver(USER, msg)


@pytest.fixture(scope="module")
def server():
    with dovecot(lmtp=False, user=USER, password=PASSWORD) as mailstore:
        yield Server("localhost", mailstore.port, mailstore.cafile, mailstore)


def message(sender: str, day: int, attachment: tuple[str, bytes] | None) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = USER
    msg["Subject"] = "Bảng kê thành viên tháng 12"
    msg["Date"] = format_datetime(datetime(2025, 12, day, 9, 30, tzinfo=ICT))
    msg.set_content("Kính gửi Văn phòng.")
    if attachment:
        msg.add_attachment(attachment[1], maintype="application", subtype="octet-stream", filename=attachment[0])
    return msg


def invoke(server: Server, tmp_path: Path, password: str = PASSWORD, cafile: bool = True):
    args = ["nhan-thu", "--host", server.host, "--port", str(server.port), "--user", USER,
            "--vao", str(tmp_path / "thu"), "--out", str(tmp_path / "ket_qua")]
    if cafile:
        args += ["--cafile", str(server.cafile)]
    return CliRunner().invoke(cli, args, env={"DVHT_IMAP_PASSWORD": password, "DVHT_IMAP_CAFILE": None})


def test_fetch_new_messages_once_and_read_them(server, tmp_path):
    from builders import CONFIG

    from dvht_batch.setup.config import parse_config
    from dvht_batch.rules import load_rule_set

    config, rules = parse_config(CONFIG), load_rule_set("tt22-2020")
    vp = write_department(tmp_path / "vp.xlsx", ky_bao_cao="12/2025", ngay_lap="05/12/2025").read_bytes()
    kt = write_department(tmp_path / "kt.xlsx", ma_phong="KT", ten_phong="Phòng Kế toán", ky_bao_cao="12/2025",
                          ngay_lap="05/12/2025").read_bytes()
    server.deliver(message("Trần Thị Bình <binh@stc.gov.vn>", 5, ("Văn phòng tháng 12.xlsx", vp)))
    server.deliver(message("quang.cao@example.com", 5, None))
    server.deliver(message("ke.toan@stc.gov.vn", 6, ("KT.xlsx", kt)))

    first = invoke(server, tmp_path)
    assert first.exit_code == 0, first.output
    saved = sorted(p.name for p in (tmp_path / "thu").iterdir())
    assert saved == ["2025-12-05 binh@stc.gov.vn.eml", "2025-12-06 ke.toan@stc.gov.vn.eml"]
    assert "Thư mới có tệp Excel: 2; không có tệp Excel: 1; quá lớn: 0; đã nhận từ trước: 0." in first.output

    second = invoke(server, tmp_path)
    assert second.exit_code == 0 and "Thư mới có tệp Excel: 0" in second.output and "đã nhận từ trước: 3" in second.output

    server.deliver(message("Trần Thị Bình <binh@stc.gov.vn>", 5, ("Văn phòng tháng 12 (sửa).xlsx", vp)))
    third = invoke(server, tmp_path)
    assert "Thư mới có tệp Excel: 1" in third.output
    assert (tmp_path / "thu" / "2025-12-05 binh@stc.gov.vn (2).eml").is_file()

    # the mailbox is opened read-only: nothing marked as read
    conn = server.client()
    try:
        conn.select("INBOX", readonly=True)
        _, flags = conn.uid("FETCH", "1:*", "(FLAGS)")
        assert flags and not any(b"\\Seen" in f for f in flags)
    finally:
        conn.logout()

    from dvht_batch import pipeline

    result = pipeline.collect(tmp_path / "thu", config, rules, now=RUN_AT)
    by_path = {f.path: f for f in result.files}
    vp_record = by_path["2025-12-05 binh@stc.gov.vn.eml#Văn phòng tháng 12.xlsx"]
    assert vp_record.sender == "Trần Thị Bình <binh@stc.gov.vn>" and vp_record.errors == []
    assert {d.code: d.status.value for d in result.departments} == {"VP": "accepted", "KT": "accepted",
                                                                    "TCHC": "missing"}


def test_wrong_password_and_untrusted_certificate(server, tmp_path):
    bad = invoke(server, tmp_path, password="sai")
    assert bad.exit_code == 1 and "Đăng nhập hộp thư" in bad.output
    untrusted = invoke(server, tmp_path, cafile=False)
    assert untrusted.exit_code == 1 and "Chứng chỉ TLS" in untrusted.output


def test_missing_host_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["nhan-thu", "--user", USER], env={"DVHT_IMAP_HOST": None})
    assert result.exit_code == 2 and "--host" in result.output


def test_save_message_never_overwrites(tmp_path):
    data = message("a@b.vn", 3, None).as_bytes()
    first, second = save_message(data, tmp_path), save_message(data + b"\n", tmp_path)
    assert (first.name, second.name) == ("2025-12-03 a@b.vn.eml", "2025-12-03 a@b.vn (2).eml")
    assert first.read_bytes() == data and {p.name for p in tmp_path.iterdir()} == {first.name, second.name}
