"""`dvht nhan-thu`: fetch new messages carrying workbooks from an IMAP mailbox over TLS (stdlib imaplib).

The mailbox is opened read-only (nothing is marked read, moved or deleted). The UIDs already fetched
are remembered in the history ledger (table `imap_seen`, per account, folder and UIDVALIDITY), so
each message is downloaded once. Messages with a workbook attachment are saved as
`<intake>/YYYY-MM-DD <sender>.eml` (never overwriting), ready for `dvht run <intake>`; others are
only remembered. The password is never read from the configuration file.

The server is not trusted (mail/bounded_imap.py): the whole call has a deadline (`DEADLINE_SECONDS`, or
`--thoi-gian-toi-da`), a message is never held beyond `mailbox.MAX_MESSAGE_BYTES` whatever RFC822.SIZE it
declared (it is counted "too large" and remembered), and every misbehaviour — slow, silent, cut off, outside
the protocol — is a Vietnamese message (messages/mail.py). A message is saved whole or not at all, then
remembered: running the command again fetches the rest.
"""
from __future__ import annotations

import imaplib
import re
import socket
import ssl
import time
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parseaddr
from pathlib import Path

from dvht_batch.ledger.imap_seen import remember_uids, seen_uids
from dvht_batch.errors import DvhtError
from dvht_batch.intake.inbox import write_new_file
from dvht_batch.intake import mailbox
from dvht_batch.mail.bounded_imap import BoundedIMAP
from dvht_batch.messages import render
from dvht_batch.output.lock import output_lock
from dvht_batch.system.os_faults import os_reason

MAX_PER_RUN = 2000
DEADLINE_SECONDS = 900  # for one call: 2,000 messages of a few MB each fit in it on an office line
_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


class MailFetchError(DvhtError):
    """The mailbox cannot be reached, the login fails, or the server misbehaves."""


class _Oddity(Exception):
    """The server answered outside the IMAP protocol: `args[0]` says where, in Vietnamese."""


TOO_LARGE = b""  # what _body returns for a message over the bound (read through, not kept)


@dataclass
class FetchReport:
    saved: list[Path] = field(default_factory=list)
    without_workbook: int = 0
    too_large: int = 0
    already_seen: int = 0


def _connect(host: str, port: int, cafile: Path | None, timeout: float, seconds: float) -> BoundedIMAP:
    started = time.monotonic()
    try:
        context = ssl.create_default_context(cafile=str(cafile) if cafile else None)
        return BoundedIMAP(host, port, context, timeout, seconds, mailbox.MAX_MESSAGE_BYTES)
    except ssl.SSLCertVerificationError as exc:
        raise MailFetchError(render("imap-certificate", host=host, reason=exc.verify_message)) from None
    except (OSError, imaplib.IMAP4.error) as exc:
        if time.monotonic() - started >= seconds:
            raise MailFetchError(render("mail-deadline", host=host, seconds=_whole(seconds), saved=0)) from None
        raise MailFetchError(render("imap-no-connection", host=host, port=port, reason=_why(exc, timeout))) from None


def _why(exc: BaseException, timeout: float) -> str:
    """Why a connection failed, in Vietnamese (no English words of the system or the library)."""
    if isinstance(exc, socket.timeout):
        return render("mail-why-silent", seconds=_whole(timeout))
    if isinstance(exc, socket.gaierror):
        return render("mail-why-unknown-host")
    if isinstance(exc, ConnectionRefusedError):
        return render("mail-why-refused")
    if isinstance(exc, (ssl.SSLError, imaplib.IMAP4.error)):
        return render("mail-why-handshake")
    return os_reason(exc) if isinstance(exc, OSError) and exc.errno else render("mail-why-cut")


def _whole(seconds: float) -> str:
    return f"{seconds:g}"


def _login(conn: imaplib.IMAP4_SSL, user: str, password: str) -> None:
    try:
        try:
            conn.login(user, password)
        except UnicodeEncodeError:  # LOGIN is ASCII-only in imaplib: AUTHENTICATE PLAIN carries UTF-8
            conn.authenticate("PLAIN", lambda _: b"\0" + user.encode() + b"\0" + password.encode())
    except imaplib.IMAP4.error:
        raise MailFetchError(render("imap-login-failed", user=user)) from None


def _select(conn: imaplib.IMAP4_SSL, folder: str) -> int:
    quoted = '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'
    status, _ = conn.select(quoted, readonly=True)
    if status != "OK":
        raise MailFetchError(render("imap-no-folder", folder=folder))
    _, values = conn.response("UIDVALIDITY")
    try:
        return int(values[0])
    except (TypeError, ValueError, IndexError):
        return 0


def _uids(conn: imaplib.IMAP4_SSL) -> list[int]:
    status, data = conn.uid("SEARCH", None, "ALL")
    if status != "OK":
        raise MailFetchError(render("imap-no-search"))
    words = b" ".join(d for d in data if isinstance(d, bytes)).split()
    if not all(w.isdigit() and len(w) <= 10 for w in words):  # UIDs are 32-bit numbers
        raise _Oddity(render("mail-odd-search"))
    return sorted(int(x) for x in words)


def _size(conn: imaplib.IMAP4_SSL, uid: int) -> int | None:
    status, data = conn.uid("FETCH", str(uid), "(RFC822.SIZE)")
    for item in data if status == "OK" else []:
        text = item[0] if isinstance(item, tuple) else item
        m = _SIZE.search(text or b"")
        if m:
            return int(m.group(1))
    return None


def _body(conn: BoundedIMAP, uid: int) -> bytes | None:
    """The message, or None (not sent: tried again next time); `TOO_LARGE` when it went over the bound."""
    status, data = conn.uid("FETCH", str(uid), "(BODY.PEEK[])")
    if conn.oversized:
        return TOO_LARGE
    if status != "OK":
        return None
    for item in data:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
            return item[1]
    return None


def message_file_name(data: bytes) -> str:
    """'2025-12-03 nguoi@x.vn.eml' from the message's Date and From (safe on Windows)."""
    msg = mailbox.parse_message(data)
    when = mailbox.message_date(msg)
    sender = parseaddr(mailbox.message_sender(msg) or "")[1] or "khong-ro-nguoi-gui"
    stem = f"{when:%Y-%m-%d}" if when else "khong-ro-ngay"
    return f"{stem} {_UNSAFE.sub('_', sender)[:80].strip('. ')}.eml"


def save_message(data: bytes, intake_dir: Path) -> Path:
    """Write the message under a new name (' (2)', ' (3)'… when taken): complete or not at all, never overwriting."""
    return write_new_file(intake_dir, message_file_name(data), data)[0]


def fetch_new(host: str, user: str, password: str, intake_dir: Path, out_root: Path, folder: str = "INBOX",
              port: int = 993, cafile: Path | None = None, timeout: float = 60.0,
              deadline: float = DEADLINE_SECONDS, *, now: datetime) -> FetchReport:
    """Download the messages not fetched before; save those with a workbook; remember every UID (as fetched
    at `now`, the caller's clock read once).

    Holds the output folder's lock (`run_lock.output_lock`) throughout: it writes the ledger in out_root.
    `timeout`: seconds for one answer of the server; `deadline`: seconds for the whole call.
    """
    with output_lock(out_root, "nhan-thu"):
        return _fetch_new(host, user, password, intake_dir, out_root, folder, port, cafile, timeout, deadline, now)


def _fetch_new(host: str, user: str, password: str, intake_dir: Path, out_root: Path, folder: str,
               port: int, cafile: Path | None, timeout: float, deadline: float, now: datetime) -> FetchReport:
    report = FetchReport()
    account = f"{user}@{host}:{port}"
    conn = _connect(host, port, cafile, timeout, deadline)
    try:
        _login(conn, user, password)
        validity = _select(conn, folder)
        uids = _uids(conn)
        seen = seen_uids(out_root, account, folder, validity)
        report.already_seen = sum(1 for u in uids if u in seen)
        for uid in [u for u in uids if u not in seen][:MAX_PER_RUN]:
            size = _size(conn, uid)
            saved: str | None = None
            if size is not None and size > mailbox.MAX_MESSAGE_BYTES:
                report.too_large += 1
            else:
                data = _body(conn, uid)
                if data is None:
                    continue  # not remembered: tried again next time
                if data is TOO_LARGE:
                    report.too_large += 1
                elif mailbox.has_workbook(data):
                    path = save_message(data, intake_dir)
                    report.saved.append(path)
                    saved = path.name
                else:
                    report.without_workbook += 1
            remember_uids(out_root, account, folder, validity, [(uid, saved)], now)
    except (imaplib.IMAP4.error, OSError, _Oddity) as exc:  # socket.timeout, ssl.SSLError are OSErrors
        raise MailFetchError(_stopped(exc, conn, host, timeout, deadline, report)) from None
    finally:
        if not conn.expired:
            try:
                conn.logout()
            except Exception:
                pass
        conn.release()
    return report


def _stopped(exc: BaseException, conn: BoundedIMAP, host: str, timeout: float, deadline: float,
             report: FetchReport) -> str:
    """Why the call stopped mid-way, in Vietnamese, and what was kept."""
    kept = {"host": host, "saved": len(report.saved)}
    if conn.expired:
        return render("mail-deadline", seconds=_whole(deadline), **kept)
    if isinstance(exc, socket.timeout):
        return render("mail-timeout", seconds=_whole(timeout), **kept)
    if isinstance(exc, _Oddity):
        return render("mail-protocol", what=exc.args[0], **kept)
    if isinstance(exc, imaplib.IMAP4.abort) or isinstance(exc, (ConnectionError, ssl.SSLEOFError)):
        return render("mail-cut-off", **kept)
    return render("mail-protocol", what=render("mail-odd-answer"), **kept)
