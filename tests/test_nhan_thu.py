"""`dvht nhan-thu` against a real IMAP server: a private Dovecot instance on 127.0.0.1 over TLS.

The fixture writes a throw-away Dovecot configuration (self-signed certificate made with openssl,
plaintext passdb file, Maildir storage) in a temporary folder and starts `dovecot -F` on a free port;
the messages are delivered with IMAP APPEND. Skipped where Dovecot (Debian: dovecot-imapd) or
openssl is not installed, or when not running as root (Dovecot then cannot switch to the mail user).
"""
from __future__ import annotations

import imaplib
import os
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest
from builders import RUN_AT, write_department
from tls_certs import self_signed
from click.testing import CliRunner

from dvht_batch.cli import cli
from dvht_batch.mail.fetch import save_message

ICT = timezone(timedelta(hours=7))
USER, PASSWORD = "vanthu@stc.gov.vn", "mật-khẩu thử 123"

CONF = """
base_dir = {base}/run
state_dir = {base}/state
log_path = {base}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <{base}/cert.pem
ssl_key = <{base}/key.pem
disable_plaintext_auth = yes
auth_mechanisms = plain
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {base}/passwd
}}
userdb {{
  driver = static
  args = uid=65534 gid=65534 home={base}/mail/%u
}}
mail_location = maildir:{base}/mail/%u/Maildir
service imap-login {{
  chroot =
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    port = {port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
"""


@dataclass
class Server:
    host: str
    port: int
    cafile: Path

    def client(self) -> imaplib.IMAP4_SSL:
        conn = imaplib.IMAP4_SSL(self.host, self.port, ssl_context=ssl.create_default_context(cafile=str(self.cafile)))
        conn.authenticate("PLAIN", lambda _: b"\0" + USER.encode() + b"\0" + PASSWORD.encode())
        return conn

    def deliver(self, msg: EmailMessage) -> None:
        conn = self.client()
        try:
            status, _ = conn.append("INBOX", None, None, msg.as_bytes())
            assert status == "OK"
        finally:
            conn.logout()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    exe = shutil.which("dovecot") or ("/usr/sbin/dovecot" if os.path.exists("/usr/sbin/dovecot") else None)
    if exe is None or shutil.which("openssl") is None:
        pytest.skip("Dovecot (apt-get install dovecot-imapd) or openssl is not installed")
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("the private Dovecot instance needs root to switch to the mail user")
    base = Path(tempfile.mkdtemp(prefix="dvht-imap-"))  # short: Dovecot's sockets live in base/run
    os.chmod(base, 0o755)
    (base / "mail").mkdir()
    shutil.chown(base / "mail", 65534, 65534)
    self_signed(base)  # base/cert.pem, base/key.pem
    (base / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n", encoding="utf-8")
    port = _free_port()
    (base / "dovecot.conf").write_text(CONF.format(base=base, port=port), encoding="utf-8")
    log = open(base / "master.log", "wb")
    proc = subprocess.Popen([exe, "-F", "-c", str(base / "dovecot.conf")], stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail("Dovecot did not start: " + (base / "master.log").read_text(errors="replace")
                                + (base / "dovecot.log").read_text(errors="replace")
                                if (base / "dovecot.log").exists() else "")
                time.sleep(0.1)
        yield Server("localhost", port, base / "cert.pem")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        log.close()
        shutil.rmtree(base, ignore_errors=True)


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
