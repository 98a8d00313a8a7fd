"""Workbooks sent by e-mail: `.eml` files, `.mbox` files and Maildir folders found in the input.

This module opens messages and finds their attachments; `intake.reading` reads the attachments the
way files on disk are read (the same safety checks, the same reading pool). Every spreadsheet
attachment (see `formats`: workbooks, .ods, other spreadsheet formats, Outlook's winmail.dat) becomes
a record whose `path` names the message and the attachment ("thu/2025-12-03 a@x.vn.eml#VP.xlsx"),
`sender` the message's From and `modified` the message's Date (the submission time for "newest
wins"). A message without one becomes one `ignored` record.

Attachments are written, under a name made of their SHA-256, to a private temporary folder of the
run (removed at exit; feedback workbooks and the archive reopen them), never into the input folder.
Messages, attachments and counts are bounded. Messages are parsed with the stdlib `email` package's
`compat32` policy (5× faster than `policy.default` on these messages); RFC 2047 and RFC 2231 names
and senders are decoded here.
"""
from __future__ import annotations

import email
import hashlib
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import Iterable, Iterator

from dvht_batch.intake import safety
from dvht_batch.intake.formats import is_submission
from dvht_batch.intake.mbox import MAX_MESSAGE_BYTES, MAX_MESSAGES
from dvht_batch.intake.mime_parts import leaf_parts
from dvht_batch.messages import Findings, render
from dvht_batch.models import FileRecord

MiB = 1024 * 1024
MAX_ATTACHMENT_BYTES = safety.MAX_FILE_BYTES
MAX_PARTS = 500                         # MIME parts walked per message
MAX_ATTACHMENTS = 50                    # spreadsheets read per message
MAX_NAME = 120                          # characters of an attachment name

MESSAGE_SUFFIXES = {".eml"}
MBOX_SUFFIXES = {".mbox"}
_CONTENT_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.ms-excel.sheet.macroenabled.12": ".xlsm",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/ms-tnef": ".dat",
    "application/vnd.ms-tnef": ".dat",
}
UNKNOWN_SENDER = "(không rõ người gửi)"  # never None: `sender is not None` marks a record from e-mail
NO_WORKBOOK = render("ignored-no-workbook", others="")


def is_maildir(path: Path) -> bool:
    return path.is_dir() and all((path / sub).is_dir() for sub in ("cur", "new", "tmp"))


def is_mailbox(path: Path) -> bool:
    """An .eml file, an .mbox file or a Maildir folder (cur/, new/, tmp/)."""
    path = Path(path)
    if path.is_dir():
        return is_maildir(path)
    return path.suffix.lower() in MESSAGE_SUFFIXES | MBOX_SUFFIXES


# --------------------------------------------------------------------------- the run's extraction folder

_EXTRACT: tempfile.TemporaryDirectory | None = None
_SHARED: Path | None = None  # in a reading-pool worker: the parent's folder


def extract_dir() -> Path:
    """The run's private folder for attachments (mode 0700, removed when the parent process exits)."""
    global _EXTRACT
    if _SHARED is not None:
        return _SHARED
    if _EXTRACT is None or not Path(_EXTRACT.name).is_dir():
        _EXTRACT = tempfile.TemporaryDirectory(prefix="dvht-thu-")
    return Path(_EXTRACT.name)


def share_extract_dir(folder: Path) -> None:
    """In a pool worker: write attachments into the parent's folder (which outlives the worker)."""
    global _SHARED
    _SHARED = Path(folder)


def extract(data: bytes, suffix: str, digest: str | None = None) -> Path:
    """Write once under its hash: identical attachments share a file, different ones never collide.

    One exclusive create per attachment (a temporary name and a rename cost 3× more on a busy disk);
    a file of the wrong size under that name (a writer killed half-way) is replaced.
    """
    target = extract_dir() / f"{digest or hashlib.sha256(data).hexdigest()}{suffix}"
    try:
        with open(target, "xb") as f:
            f.write(data)
    except FileExistsError:
        if target.stat().st_size != len(data):
            fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, target)
    return target


# --------------------------------------------------------------------------- names

_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f<>:"|?*]+')


def safe_attachment_name(raw: str | None, content_type: str = "") -> str:
    """The last path component, without control or Windows-forbidden characters, bounded, NFC."""
    name = unicodedata.normalize("NFC", str(raw or "")).replace("\\", "/").rsplit("/", 1)[-1]
    name = _FORBIDDEN.sub("_", name).strip().lstrip(".").strip()
    wanted = _CONTENT_TYPES.get(content_type.lower())
    if wanted == ".dat":
        wanted = None if name else "winmail.dat"
        name = name or "winmail.dat"
    if not name or name in {".", ".."}:
        name = "tep_dinh_kem" + (wanted or "")
    elif wanted and not is_submission(name):
        name += wanted
    if len(name) > MAX_NAME:
        stem, ext = os.path.splitext(name)
        name = stem[:MAX_NAME - len(ext)] + ext
    return name


def distinct(name: str, used: set[str]) -> str:
    """`VP.xlsx`, then `VP (2).xlsx`, `VP (3).xlsx`… within one message."""
    stem, ext = os.path.splitext(name)
    candidate, n = name, 1
    while candidate.casefold() in used:
        n += 1
        candidate = f"{stem} ({n}){ext}"
    used.add(candidate.casefold())
    return candidate


def _decoded(value) -> str:
    """A header value as text: RFC 2047 words decoded, raw 8-bit bytes read as UTF-8."""
    text = str(value)
    if any("\udc80" <= ch <= "\udcff" for ch in text):  # compat32 keeps raw bytes as surrogates
        text = text.encode("ascii", "surrogateescape").decode("utf-8", "replace")
    if "=?" in text:
        try:
            text = str(make_header(decode_header(text)))
        except Exception:  # a malformed encoded word: keep the text as it is
            pass
    return text


# --------------------------------------------------------------------------- messages


def parse_message(data: bytes) -> Message:
    return email.message_from_bytes(data, policy=policy.compat32)


_PLAIN_FROM = re.compile(r'\s*(?:"([^"\\]*)"|([^"\\<>,;:()@]*?))\s*<([^<>@\s,;"\\]+@[^<>@\s,;"\\]+)>\s*')


def message_sender(msg: Message) -> str | None:
    try:
        header = msg.get("From")
        if header is None:
            return None
        text = _decoded(header)
        plain = _PLAIN_FROM.fullmatch(text)  # "Name <a@b>": what getaddresses would find, without its parser
        if plain:
            name, address = plain.group(1) if plain.group(1) is not None else " ".join(plain.group(2).split()), plain.group(3)
        else:
            name, address = getaddresses([text])[0]
        if address:
            return f"{name} <{address}>" if name else address
        return _decoded(header).strip() or None
    except Exception:  # a malformed header must not stop the run
        return None


def message_date(msg: Message) -> datetime | None:
    """The Date header as local naive time (comparable with file modification times), or None."""
    try:
        header = msg.get("Date")
        value = parsedate_to_datetime(str(header)) if header is not None else None
    except Exception:
        return None
    if value is None:
        return None
    return value.astimezone().replace(tzinfo=None) if value.tzinfo else value


_MESSAGE_ID = re.compile(r"<[^<>\s]{1,250}@[^<>\s]{1,250}>")


def message_id(msg: Message) -> str | None:
    """The Message-ID ("<local@domain>") as written, or None when absent or malformed."""
    try:
        found = _MESSAGE_ID.search(str(msg.get("Message-ID") or ""))
    except Exception:
        return None
    return found.group(0) if found else None


def message_subject(msg: Message) -> str | None:
    """The Subject, RFC 2047 decoded, on one line (bounded), or None."""
    try:
        header = msg.get("Subject")
        text = " ".join(_decoded(header).split()) if header is not None else ""
    except Exception:
        return None
    return text[:300] or None


def _walk(msg: Message) -> Iterator[Message]:
    for n, part in enumerate(msg.walk()):
        if n >= MAX_PARTS:
            return
        yield part


@dataclass
class Attachment:
    name: str
    data: bytes | None  # None: larger than an attachment may be


@dataclass
class Contents:
    """What a message holds: its sender, date, spreadsheet attachments and the names of the others."""

    sender: str
    sent: datetime | None
    message_id: str | None = None
    subject: str | None = None
    attachments: list[Attachment] = field(default_factory=list)
    others: list[str] = field(default_factory=list)


def spreadsheet_attachments(msg: Message) -> tuple[list[Attachment], list[str]]:
    """(spreadsheet attachments, names of other attachments); names sanitised and distinct."""
    return _spreadsheets(_walk(msg))


def _spreadsheets(parts: Iterable[Message]) -> tuple[list[Attachment], list[str]]:
    found: list[Attachment] = []
    others: list[str] = []
    used: set[str] = set()
    for part in parts:
        if part.is_multipart():
            continue
        try:
            raw = part.get_filename()
        except Exception:
            raw = None
        ctype = part.get_content_type()
        if raw is None and ctype.lower() not in _CONTENT_TYPES:
            continue
        name = safe_attachment_name(_decoded(raw) if raw is not None else None, ctype)
        if not is_submission(name):
            others.append(name)
            continue
        if len(found) >= MAX_ATTACHMENTS:
            break
        name = distinct(name, used)
        encoded = part.get_payload(decode=False)
        if isinstance(encoded, str) and len(encoded) * 3 // 4 > MAX_ATTACHMENT_BYTES:
            found.append(Attachment(name, None))
            continue
        data = part.get_payload(decode=True)
        found.append(Attachment(name, data if isinstance(data, bytes) and len(data) <= MAX_ATTACHMENT_BYTES else None))
    return found, others


def open_message(data: bytes, fallback_time: datetime | None = None) -> Contents:
    """Sender, date and attachments of one message (exceptions of the email package propagate)."""
    fast = leaf_parts(data, MAX_PARTS)  # the plain multipart shape, cut with bytes.find (mime_parts)
    msg, parts = fast if fast is not None else (parse_message(data), None)
    contents = Contents(message_sender(msg) or UNKNOWN_SENDER, message_date(msg) or fallback_time,
                        message_id(msg), message_subject(msg))
    contents.attachments, contents.others = _spreadsheets(parts if parts is not None else _walk(msg))
    return contents


def unreadable_message(where: str, source: Path, data: bytes, fallback_time: datetime | None,
                       exc: Exception) -> FileRecord:
    return _message_record(where, source, data, None, fallback_time,
                           render("ignored-message-unreadable", error=type(exc).__name__))


def without_spreadsheet(where: str, source: Path, data: bytes, contents: Contents) -> FileRecord:
    """The one `ignored` record of a message that holds no spreadsheet."""
    others = f"; tệp đính kèm: {', '.join(contents.others[:5])}" if contents.others else ""
    reason = render("ignored-no-workbook", others=others)
    return _message_record(where, source, data, contents.sender, contents.sent, reason)


def attachment_too_large(path: str, source: Path) -> FileRecord:
    record = FileRecord(path=path, source=source)
    record.findings = Findings.one(path, "attachment-too-large", limit=MAX_ATTACHMENT_BYTES // MiB)
    return record


def _message_record(where: str, source: Path, data: bytes, sender, sent, reason: str) -> FileRecord:
    return FileRecord(path=where, source=source, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                      sender=sender, modified=sent, ignored_reason=reason)


def too_large(where: str, source: Path, size: int, sent: datetime | None = None) -> FileRecord:
    record = FileRecord(path=where, source=source, size=size, modified=sent,
                        ignored_reason=render("ignored-message-too-large", size=size // MiB, limit=MAX_MESSAGE_BYTES // MiB))
    record.findings = Findings.one(where, "message-too-large", size=size // MiB)
    return record


# --------------------------------------------------------------------------- containers


def mtime(path: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime)
    except OSError:
        return None


def read_bounded(path: Path) -> bytes | None:
    """The file's bytes, or None when larger than a message may be."""
    with path.open("rb") as f:
        data = f.read(MAX_MESSAGE_BYTES + 1)
    return None if len(data) > MAX_MESSAGE_BYTES else data


def maildir_files(folder: Path) -> list[Path]:
    """Messages of a Maildir (new/ and cur/, not tmp/ where deliveries are still being written)."""
    found = []
    for sub in ("cur", "new"):
        try:
            entries = sorted(os.scandir(folder / sub), key=lambda e: e.name)
        except OSError:
            continue
        found.extend(Path(e.path) for e in entries if not e.name.startswith(".") and e.is_file(follow_symlinks=False))
    return found[:MAX_MESSAGES]


def has_workbook(data: bytes) -> bool:
    """True when the message carries at least one spreadsheet attachment (used when fetching mail)."""
    try:
        return bool(spreadsheet_attachments(parse_message(data))[0])
    except Exception:
        return False


__all__ = ["is_mailbox", "is_maildir", "open_message", "parse_message", "safe_attachment_name", "has_workbook",
           "message_sender", "message_date", "maildir_files", "extract", "MAX_MESSAGE_BYTES", "MAX_MESSAGES"]
