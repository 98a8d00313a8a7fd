"""`dvht nhan-thu` against a mail server that misbehaves (mail/bounded_imap.py, mail/fetch.py): a small IMAP
server over TLS on 127.0.0.1, run here in a thread, that drips its answers, sends a literal far larger than
the size it declared, answers SEARCH outside the protocol or hangs up. Each ends in bounded time and memory
with a Vietnamese message (or the message counted "too large"), nothing half-saved, the lock released.
The normal path is tested against a real Dovecot (test_nhan_thu.py)."""
from __future__ import annotations

import os
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from tls_certs import self_signed

USER, PASSWORD = "vanthu@stc.gov.vn", "mật-khẩu"
ENGLISH = ("Traceback", "Lỗi không mong đợi", "socket", "error", "timed out", "EOF", "ValueError", "read operation")


class FakeIMAP:
    """One scripted IMAP server: `behaviour` changes one answer ("drip", "huge", "bad-search", "hang-up")."""

    def __init__(self, cert: Path, key: str, behaviour: str, literal: int = 0):
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(cert, key)
        self.behaviour, self.literal = behaviour, literal
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(60)
        self.port = self.listener.getsockname()[1]
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stopped.is_set():
            try:
                raw, _ = self.listener.accept()
            except OSError:
                return
            if self.stopped.is_set():  # the wake-up call of stop()
                raw.close()
                return
            raw.settimeout(30)
            try:
                with self.context.wrap_socket(raw, server_side=True) as conn:
                    self._talk(conn)
            except OSError:
                pass  # the client gave up or was stopped: what this server is for

    def _talk(self, conn) -> None:
        if self.behaviour == "drip":  # a byte of the greeting every half second, for ever
            for byte in b"* OK fake IMAP ready" * 1000:
                if self.stopped.wait(0.5):
                    return
                conn.sendall(bytes([byte]))
            return
        conn.sendall(b"* OK fake IMAP ready\r\n")
        reader = conn.makefile("rb")
        for line in reader:
            tag, _, command = line.decode().rstrip("\r\n").partition(" ")
            answer = self._answer(command.upper())
            if answer is None:
                return  # hang up
            conn.sendall(answer + f"{tag} OK done\r\n".encode())
            if command.upper().startswith("LOGOUT"):
                return

    def _answer(self, command: str) -> bytes | None:
        if command.startswith("CAPABILITY"):
            return b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n"
        if command.startswith("EXAMINE"):
            return b"* 1 EXISTS\r\n* OK [UIDVALIDITY 7] ok\r\n"
        if command.startswith("UID SEARCH"):
            return b"* SEARCH 1 2 deux\r\n" if self.behaviour == "bad-search" else b"* SEARCH 1\r\n"
        if command.startswith("UID FETCH") and "RFC822.SIZE" in command:
            return b"* 1 FETCH (UID 1 RFC822.SIZE 1000)\r\n"  # what it claims
        if command.startswith("UID FETCH"):
            if self.behaviour == "hang-up":
                return None
            return b"* 1 FETCH (UID 1 BODY[] {%d}\r\n" % self.literal + b"x" * self.literal + b")\r\n"
        return b""

    def stop(self) -> None:
        """Stop and wait for the thread: a test process that forks later must be single-threaded again."""
        self.stopped.set()
        try:  # closing a listening socket does not wake a thread blocked in accept(): a connection does
            socket.create_connection(("127.0.0.1", self.port), timeout=5).close()
        except OSError:
            pass
        self.thread.join(timeout=30)
        self.listener.close()
        assert not self.thread.is_alive(), "the fake IMAP server did not stop"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    return self_signed(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def fake(certificate):
    started = []

    def start(behaviour: str, literal: int = 0) -> FakeIMAP:
        started.append(FakeIMAP(*certificate, behaviour, literal))
        return started[-1]

    yield start
    for server in started:
        server.stop()


# The command run as `python -m dvht_batch`, then its peak memory (VmHWM: this process only, not the test
# process it was forked from) written on stderr.
_MEASURED = ("import runpy, sys\n"
             "try:\n    runpy.run_module('dvht_batch', run_name='__main__')\n"
             "finally:\n    peak = [l for l in open('/proc/self/status') if l.startswith('VmHWM')]\n"
             "    sys.stderr.write('\\n@@' + (peak[0].split()[1] if peak else '0') + '\\n')\n")


def nhan_thu(server: FakeIMAP, tmp_path: Path, cafile: Path, *extra: str) -> tuple[subprocess.CompletedProcess, float, int]:
    """The real command in a child process: (result, seconds taken, peak memory of the child in MB)."""
    args = [sys.executable, "-c", _MEASURED, "nhan-thu", "--host", "127.0.0.1", "--port", str(server.port),
            "--user", USER, "--cafile", str(cafile), "--vao", str(tmp_path / "thu"), "--out", str(tmp_path / "kq"),
            *extra]
    started = time.monotonic()
    done = subprocess.run(args, capture_output=True, text=True, encoding="utf-8", timeout=120,
                          env={**os.environ, "DVHT_IMAP_PASSWORD": PASSWORD})
    seconds = time.monotonic() - started
    stderr, _, peak = done.stderr.rpartition("\n@@")
    done.stderr = stderr
    return done, seconds, int(peak.strip() or 0) // 1024


def vietnamese_only(done: subprocess.CompletedProcess) -> None:
    for word in ENGLISH:
        assert word not in done.stdout + done.stderr, (word, done.stderr)


def test_a_server_that_drips_is_stopped_at_the_deadline(fake, certificate, tmp_path):
    server = fake("drip")
    done, seconds, _ = nhan_thu(server, tmp_path, certificate[0], "--thoi-gian-toi-da", "5")
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert seconds < 20, seconds  # not the 60 s of a read timeout, nor for ever
    assert "Máy chủ thư 127.0.0.1 trả lời quá chậm: lần nhận thư này đã quá 5 giây nên đã dừng." in done.stderr
    assert "không thư nào bị lưu dở" in done.stderr
    vietnamese_only(done)
    # the output folder's lock is free again: the ledger can be read and written by the next command
    listed = subprocess.run([sys.executable, "-m", "dvht_batch", "lich-su", "--out", str(tmp_path / "kq")],
                            capture_output=True, text=True, timeout=60)
    assert "đang được dùng" not in listed.stderr + listed.stdout


def test_a_literal_larger_than_declared_is_not_kept(fake, certificate, tmp_path):
    from dvht_batch.intake.mailbox import MAX_MESSAGE_BYTES

    server = fake("huge", literal=MAX_MESSAGE_BYTES + 12 * 1024 * 1024)  # 60 MB for a message declared 1,000 bytes
    done, seconds, peak_mb = nhan_thu(server, tmp_path, certificate[0])
    assert done.returncode == 0, (done.stdout, done.stderr)
    assert "quá lớn: 1" in done.stdout and "Thư mới có tệp Excel: 0" in done.stdout
    assert not (tmp_path / "thu").exists() or not list((tmp_path / "thu").iterdir())  # nothing saved, not a part
    assert 0 < peak_mb < 150, peak_mb  # read through in pieces, never held (the probe: 1.26 GB)
    again, _, _ = nhan_thu(server, tmp_path, certificate[0])  # remembered: not downloaded again
    assert "đã nhận từ trước: 1" in again.stdout, again.stdout


@pytest.mark.parametrize("behaviour, words", [
    ("bad-search", "Máy chủ thư 127.0.0.1 trả lời không đúng giao thức IMAP (danh sách thư của lệnh SEARCH)."),
    ("hang-up", "Máy chủ thư 127.0.0.1 ngắt kết nối giữa chừng."),
])
def test_protocol_oddities_are_vietnamese_messages(fake, certificate, tmp_path, behaviour, words):
    server = fake(behaviour, literal=10)
    done, seconds, _ = nhan_thu(server, tmp_path, certificate[0], "--thoi-gian-toi-da", "30")
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert words in done.stderr, done.stderr
    vietnamese_only(done)
    assert seconds < 30
