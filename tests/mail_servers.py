"""Real mail servers for tests, private to one test process, on free ports of 127.0.0.1, in temporary folders.

- `dovecot()`: Dovecot with IMAPS (a self-signed certificate made by openssl, valid for 127.0.0.1
  and localhost) and, unless `lmtp=False`, LMTP on a unix socket; Maildir storage; every user exists and
  logs in with `password` (without spaces), or only `user` does (a passwd file: any password).
- `smtp_relay(...)`: aiosmtpd on 127.0.0.1 requiring STARTTLS and AUTH (the same certificate), whose
  handler delivers each accepted message into Dovecot over LMTP (`smtplib.LMTP`), so what was sent is read
  back over IMAP. Recipients in `refuse` get 550; `hold` is called before the 250 of each message (a
  test can make the server slow to answer at a chosen message).

Skipped where Dovecot (dovecot-imapd, dovecot-lmtpd), openssl or aiosmtpd are missing, or when not root
(Dovecot then cannot switch to the mail user).
"""
from __future__ import annotations

import asyncio
import email
import imaplib
import os
import shutil
import smtplib
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Callable, Iterator

import pytest
from tls_certs import self_signed

CONF = """
base_dir = {base}/run
state_dir = {base}/state
log_path = {base}/dovecot.log
protocols = {protocols}
listen = 127.0.0.1
ssl = required
ssl_cert = <{base}/cert.pem
ssl_key = <{base}/key.pem
disable_plaintext_auth = yes
auth_mechanisms = plain
first_valid_uid = 1
passdb {{
{passdb}
}}
userdb {{
  driver = static
  args = uid=65534 gid=65534 home={base}/mail/%u allow_all_users=yes
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
service lmtp {{
  unix_listener lmtp {{
    mode = 0666
  }}
}}
service anvil {{
  chroot =
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def need_servers(lmtp: bool = True) -> str:
    """The dovecot executable, or skip the test."""
    exe = shutil.which("dovecot") or ("/usr/sbin/dovecot" if os.path.exists("/usr/sbin/dovecot") else None)
    if exe is None or shutil.which("openssl") is None:
        pytest.skip("Dovecot (apt-get install dovecot-imapd dovecot-lmtpd) or openssl is not installed")
    if lmtp and not os.path.exists("/usr/lib/dovecot/lmtp"):
        pytest.skip("Dovecot's LMTP server is not installed (apt-get install dovecot-lmtpd)")
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("the private Dovecot instance needs root to switch to the mail user")
    return exe


@dataclass
class Dovecot:
    base: Path
    port: int
    cafile: Path
    password: str = "mật-khẩu-hộp-thư"

    @property
    def lmtp_socket(self) -> str:
        return str(self.base / "run" / "lmtp")

    def client(self, user: str) -> imaplib.IMAP4_SSL:
        conn = imaplib.IMAP4_SSL("localhost", self.port, ssl_context=ssl.create_default_context(cafile=str(self.cafile)))
        password = self.password
        conn.authenticate("PLAIN", lambda _: b"\0" + user.encode() + b"\0" + password.encode())
        return conn

    def deliver(self, user: str, msg: EmailMessage) -> None:
        conn = self.client(user)
        try:
            status, _ = conn.append("INBOX", None, None, msg.as_bytes())
            assert status == "OK"
        finally:
            conn.logout()

    def messages(self, user: str) -> list[EmailMessage]:
        """Every message in the user's INBOX, parsed with the modern policy (names and words decoded)."""
        conn = self.client(user)
        try:
            conn.select("INBOX", readonly=True)
            _, data = conn.uid("SEARCH", None, "ALL")
            found = []
            for uid in b" ".join(d for d in data if d).split():
                _, parts = conn.uid("FETCH", uid, "(BODY.PEEK[])")
                raw = next(p[1] for p in parts if isinstance(p, tuple))
                found.append(email.message_from_bytes(raw, policy=policy.default))
            return found
        finally:
            conn.logout()


def _wait_for(check: Callable[[], bool], proc: subprocess.Popen, base: Path, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if proc.poll() is not None or time.monotonic() > deadline:
            logs = [(base / n).read_text(errors="replace") for n in ("master.log", "dovecot.log") if (base / n).exists()]
            pytest.fail("Dovecot did not start: " + "\n".join(logs))
        time.sleep(0.1)


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


@contextmanager
def dovecot(lmtp: bool = True, user: str | None = None, password: str = "mật-khẩu-hộp-thư") -> Iterator[Dovecot]:
    exe = need_servers(lmtp)
    base = Path(tempfile.mkdtemp(prefix="dvht-mail-"))  # short: Dovecot's sockets live in base/run
    os.chmod(base, 0o755)
    (base / "mail").mkdir()
    shutil.chown(base / "mail", 65534, 65534)
    self_signed(base)  # base/cert.pem, base/key.pem
    server = Dovecot(base, free_port(), base / "cert.pem", password)
    if user is None:  # static: its arguments are split at spaces
        assert " " not in password
        passdb = f"  driver = static\n  args = password={password}"
    else:
        (base / "passwd").write_text(f"{user}:{{PLAIN}}{password}::::::\n", encoding="utf-8")
        passdb = f"  driver = passwd-file\n  args = scheme=PLAIN username_format=%u {base}/passwd"
    (base / "dovecot.conf").write_text(CONF.format(base=base, port=server.port, passdb=passdb,
                                                   protocols="imap lmtp" if lmtp else "imap"), encoding="utf-8")
    log = open(base / "master.log", "wb")
    proc = subprocess.Popen([exe, "-F", "-c", str(base / "dovecot.conf")], stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for(lambda: _listening(server.port) and (not lmtp or os.path.exists(server.lmtp_socket)), proc, base)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        log.close()
        shutil.rmtree(base, ignore_errors=True)


@dataclass
class Relay:
    """What the SMTP server saw: one (envelope recipients, message bytes) per accepted message."""

    port: int
    cafile: Path
    accepted: list[tuple[list[str], bytes]] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    hold: Callable[[int], None] = lambda n: None   # called (in a worker thread) before the 250 of message n


WORKER_PREFIX = "smtp-relay-delivery"


class _Handler:
    def __init__(self, relay: Relay, lmtp_socket: str):
        self.relay, self.lmtp_socket = relay, lmtp_socket
        # its own workers, ended at teardown: asyncio's default executor would outlive the server, and a thread
        # left alive in the test process stops every later test in it from forking (child_processes.can_fork)
        self.workers = ThreadPoolExecutor(max_workers=2, thread_name_prefix=WORKER_PREFIX)

    def close(self, seconds: float = 30) -> None:
        self.workers.shutdown(wait=False, cancel_futures=True)
        for thread in threading.enumerate():
            if thread.name.startswith(WORKER_PREFIX):
                thread.join(seconds)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.relay.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self.workers, self._deliver, list(envelope.rcpt_tos), envelope.original_content)
        return "250 2.0.0 Delivered"

    def _deliver(self, recipients: list[str], data: bytes) -> None:
        with smtplib.LMTP(self.lmtp_socket) as lmtp:
            for recipient in recipients:  # LMTP answers DATA once per recipient; smtplib reads one answer
                lmtp.sendmail("dvht-test@localhost", [recipient], data)
        self.relay.accepted.append((recipients, data))
        self.relay.hold(len(self.relay.accepted))


@contextmanager
def smtp_relay(mailstore: Dovecot, account: str, password: str) -> Iterator[Relay]:
    """aiosmtpd with STARTTLS required and AUTH (the account's UTF-8 password), delivering into `mailstore`."""
    try:
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult
    except ImportError:
        pytest.skip("aiosmtpd is not installed (it is in the test extra)")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(mailstore.base / "cert.pem", mailstore.base / "key.pem")
    relay = Relay(free_port(), mailstore.cafile)

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == account.encode("utf-8") and auth_data.password == password.encode("utf-8")
        return AuthResult(success=ok)

    handler = _Handler(relay, mailstore.lmtp_socket)
    controller = Controller(handler, hostname="127.0.0.1", port=relay.port,
                            server_hostname="localhost", tls_context=context, require_starttls=True,
                            authenticator=authenticate, auth_required=True, ready_timeout=20)
    controller.start()
    try:
        yield relay
    finally:
        controller.stop()
        handler.close()
