"""Workbooks sent by e-mail: `.eml` files, `.mbox` files and Maildir folders found in the input.

Every workbook attachment (.xlsx, .xlsm, .xls) becomes one `FileRecord`, read exactly as a file of
the folder would be; its `path` names the message and the attachment ("thu/2025-12-03 a@x.vn.eml#VP.xlsx"),
`sender` the message's From and `modified` the message's Date (the submission time for "newest wins").
A message without a workbook becomes one `ignored` record.

Attachments are written, under a name made of their SHA-256, to a private temporary folder of this
process (removed at exit; feedback workbooks reopen them), never into the input folder. Messages,
attachments and counts are bounded; parsing uses the stdlib `email` package with `policy.default`,
which decodes RFC 2047 and RFC 2231 names.
"""
from __future__ import annotations

import email
import hashlib
import os
import re
import tempfile
import unicodedata
from dataclasses import replace
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Callable, Iterator

from dvht_batch.intake import safety
from dvht_batch.intake.discover import relative_name
from dvht_batch.intake.unreadable import unreadable_file
from dvht_batch.models import FileRecord, Finding, Severity

MiB = 1024 * 1024
MAX_MESSAGE_BYTES = 48 * MiB            # larger than any mail server accepts (25–35 MB)
MAX_ATTACHMENT_BYTES = safety.MAX_FILE_BYTES
MAX_PARTS = 500                         # MIME parts walked per message
MAX_ATTACHMENTS = 50                    # workbooks read per message
MAX_MESSAGES = 20000                    # per mbox file or Maildir folder
MAX_NAME = 120                          # characters of an attachment name

MESSAGE_SUFFIXES = {".eml"}
MBOX_SUFFIXES = {".mbox"}
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
OTHER_SPREADSHEETS = {".xlsb", ".ods", ".csv", ".numbers"}
_CONTENT_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.ms-excel.sheet.macroenabled.12": ".xlsm",
    "application/vnd.ms-excel": ".xls",
}
UNKNOWN_SENDER = "(không rõ người gửi)"  # never None: `sender is not None` marks a record from e-mail
NO_WORKBOOK = "thư không có tệp Excel đính kèm (.xlsx, .xlsm, .xls)"


def is_maildir(path: Path) -> bool:
    return path.is_dir() and all((path / sub).is_dir() for sub in ("cur", "new", "tmp"))


def is_mailbox(path: Path) -> bool:
    """An .eml file, an .mbox file or a Maildir folder (cur/, new/, tmp/)."""
    path = Path(path)
    if path.is_dir():
        return is_maildir(path)
    return path.suffix.lower() in MESSAGE_SUFFIXES | MBOX_SUFFIXES


# --------------------------------------------------------------------------- private extraction folder

_EXTRACT: tempfile.TemporaryDirectory | None = None


def extract_dir() -> Path:
    """This process's private folder for attachments (mode 0700, removed at interpreter exit)."""
    global _EXTRACT
    if _EXTRACT is None or not Path(_EXTRACT.name).is_dir():
        _EXTRACT = tempfile.TemporaryDirectory(prefix="dvht-thu-")
    return Path(_EXTRACT.name)


def _extract(data: bytes, suffix: str) -> Path:
    """Write once under its hash: identical attachments share a file, different ones never collide."""
    target = extract_dir() / f"{hashlib.sha256(data).hexdigest()}{suffix}"
    if not target.exists():
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
    suffix = os.path.splitext(name)[1].lower()
    wanted = _CONTENT_TYPES.get(content_type.lower())
    if not name or name in {".", ".."}:
        name = "tep_dinh_kem" + (wanted or "")
    elif wanted and suffix not in WORKBOOK_SUFFIXES and suffix not in OTHER_SPREADSHEETS:
        name += wanted
    if len(name) > MAX_NAME:
        stem, ext = os.path.splitext(name)
        name = stem[:MAX_NAME - len(ext)] + ext
    return name


def _distinct(name: str, used: set[str]) -> str:
    """`VP.xlsx`, then `VP (2).xlsx`, `VP (3).xlsx`… within one message."""
    stem, ext = os.path.splitext(name)
    candidate, n = name, 1
    while candidate.casefold() in used:
        n += 1
        candidate = f"{stem} ({n}){ext}"
    used.add(candidate.casefold())
    return candidate


# --------------------------------------------------------------------------- messages


def parse_message(data: bytes) -> EmailMessage:
    return email.message_from_bytes(data, policy=policy.default)  # type: ignore[return-value]


def message_sender(msg: EmailMessage) -> str | None:
    try:
        header = msg["From"]
        addresses = getattr(header, "addresses", ()) if header is not None else ()
        if addresses:
            a = addresses[0]
            return f"{a.display_name} <{a.addr_spec}>" if a.display_name else a.addr_spec
        return str(header).strip() or None if header is not None else None
    except Exception:  # a malformed header must not stop the run
        return None


def message_date(msg: EmailMessage) -> datetime | None:
    """The Date header as local naive time (comparable with file modification times), or None."""
    try:
        header = msg["Date"]
        value = getattr(header, "datetime", None) if header is not None else None
        if value is None and header is not None:
            value = parsedate_to_datetime(str(header))
    except Exception:
        return None
    if value is None:
        return None
    return value.astimezone().replace(tzinfo=None) if value.tzinfo else value


def _walk(msg: EmailMessage) -> Iterator[EmailMessage]:
    for n, part in enumerate(msg.walk()):
        if n >= MAX_PARTS:
            return
        yield part  # type: ignore[misc]


def workbook_attachments(msg: EmailMessage) -> tuple[list[tuple[str, bytes | None]], list[str]]:
    """([(name, bytes or None when too large)], names of other attachments); names sanitised, distinct."""
    found: list[tuple[str, bytes | None]] = []
    others: list[str] = []
    used: set[str] = set()
    for part in _walk(msg):
        if part.is_multipart():
            continue
        try:
            raw = part.get_filename()
        except Exception:
            raw = None
        ctype = part.get_content_type()
        if raw is None and ctype.lower() not in _CONTENT_TYPES:
            continue
        name = safe_attachment_name(raw, ctype)
        if os.path.splitext(name)[1].lower() not in WORKBOOK_SUFFIXES:
            others.append(name)
            continue
        if len(found) >= MAX_ATTACHMENTS:
            break
        name = _distinct(name, used)
        encoded = part.get_payload(decode=False)
        if isinstance(encoded, str) and len(encoded) * 3 // 4 > MAX_ATTACHMENT_BYTES:
            found.append((name, None))
            continue
        data = part.get_payload(decode=True)
        found.append((name, data if isinstance(data, bytes) and len(data) <= MAX_ATTACHMENT_BYTES else None))
    return found, others


def read_message(data: bytes, where: str, source: Path, input_dir: Path, config, rule_set,
                 fallback_time: datetime | None = None) -> list[FileRecord]:
    """Records of one message: one per workbook attachment, or one `ignored` record for the message."""
    from dvht_batch.intake.workbook import read_file

    digest = hashlib.sha256(data).hexdigest()
    try:
        msg = parse_message(data)
        sender, sent = message_sender(msg) or UNKNOWN_SENDER, message_date(msg) or fallback_time
        attachments, others = workbook_attachments(msg)
    except Exception as exc:  # the email package rarely raises, but a hostile message must not stop the run
        return [_message_record(where, source, data, digest, None, fallback_time,
                                f"thư không đọc được ({type(exc).__name__})")]
    if not attachments:
        reason = NO_WORKBOOK + (f"; tệp đính kèm: {', '.join(others[:5])}" if others else "")
        record = _message_record(where, source, data, digest, sender, sent, reason)
        odd = [n for n in others if os.path.splitext(n)[1].lower() in OTHER_SPREADSHEETS]
        if odd:
            record.findings.append(Finding(
                file=where, severity=Severity.WARNING, code="unsupported-format",
                message=(f"Thư có tệp đính kèm {', '.join(odd[:3])} không được đọc: công cụ chỉ đọc .xlsx, .xlsm, .xls. "
                         "Hãy đề nghị phòng mở bằng Excel, lưu thành .xlsx rồi gửi lại.")))
        return [record]
    records = []
    for name, content in attachments:
        path = f"{where}#{name}"
        if content is None:
            record = FileRecord(path=path, source=source, sender=sender, modified=sent)
            record.findings.append(Finding(file=path, code="file-too-large", message=(
                f"Tệp đính kèm quá lớn (tối đa {MAX_ATTACHMENT_BYTES // MiB} MB) so với một bảng kê thành viên. "
                "Hãy kiểm tra đúng tệp, xóa ảnh hoặc trang thừa rồi gửi lại.")))
            records.append(record)
            continue
        extracted = _extract(content, os.path.splitext(name)[1].lower())
        record = read_file(extracted, input_dir, config, rule_set)
        record.path = path
        record.findings = [replace(f, file=path) for f in record.findings]
        record.sender, record.modified = sender, sent
        records.append(record)
    return records


def _message_record(where: str, source: Path, data: bytes, digest: str, sender, sent, reason: str) -> FileRecord:
    return FileRecord(path=where, source=source, size=len(data), sha256=digest, sender=sender, modified=sent,
                      ignored_reason=reason)


def _too_large(where: str, source: Path, size: int, sent: datetime | None = None) -> FileRecord:
    record = FileRecord(path=where, source=source, size=size, modified=sent,
                        ignored_reason=f"thư quá lớn ({size // MiB} MB; tối đa {MAX_MESSAGE_BYTES // MiB} MB), không đọc")
    record.findings.append(Finding(file=where, severity=Severity.WARNING, code="message-too-large",
                                   message=f"Thư quá lớn ({size // MiB} MB), không được đọc. Hãy lưu riêng tệp Excel "
                                           "đính kèm vào thư mục dữ liệu."))
    return record


def _unreadable(where: str, source: Path, exc: OSError, config) -> FileRecord:
    return unreadable_file(where, source, exc, config)  # rejected, with the reason (intake/unreadable.py)


# --------------------------------------------------------------------------- containers


def _mtime(path: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime)
    except OSError:
        return None


def _read_bounded(path: Path) -> bytes | None:
    """The file's bytes, or None when larger than a message may be."""
    with path.open("rb") as f:
        data = f.read(MAX_MESSAGE_BYTES + 1)
    return None if len(data) > MAX_MESSAGE_BYTES else data


def read_eml(path: Path, input_dir: Path, config, rule_set) -> list[FileRecord]:
    where = relative_name(path, input_dir)
    try:
        data = _read_bounded(path)
    except OSError as exc:
        return [_unreadable(where, path.absolute(), exc, config)]
    if data is None:
        return [_too_large(where, path.absolute(), path.stat().st_size)]
    return read_message(data, where, path.absolute(), input_dir, config, rule_set, _mtime(path))


def mbox_messages(path: Path) -> Iterator[tuple[int, bytes | None, int, datetime | None]]:
    """(number from 1, bytes or None when too large, size, date of the `From ` line) per message.

    Streams the file line by line (never more than one bounded message in memory); `>From ` lines
    are unescaped (mboxrd).
    """
    number, size, chunks, too_large, stamp = 0, 0, [], False, None
    previous_blank = True

    def finish():
        body = b"".join(chunks)
        return number, (None if too_large else body), size, stamp

    with path.open("rb") as f:
        for line in f:
            if line.startswith(b"From ") and previous_blank:
                if number:
                    yield finish()
                if number >= MAX_MESSAGES:
                    return
                number, size, chunks, too_large = number + 1, 0, [], False
                stamp = _from_line_date(line)
                previous_blank = False
                continue
            previous_blank = line in (b"\n", b"\r\n")
            if not number:
                continue  # text before the first separator: not a message
            if re.match(rb">+From ", line):
                line = line[1:]
            size += len(line)
            if size > MAX_MESSAGE_BYTES:
                too_large, chunks = True, []
            elif not too_large:
                chunks.append(line)
        if number:
            yield finish()


def _from_line_date(line: bytes) -> datetime | None:
    parts = line.decode("ascii", "replace").split(None, 2)
    if len(parts) < 3:
        return None
    try:
        return datetime.strptime(" ".join(parts[2].split()[:5]), "%a %b %d %H:%M:%S %Y")
    except ValueError:
        return None


def read_mbox(path: Path, input_dir: Path, config, rule_set) -> list[FileRecord]:
    rel = relative_name(path, input_dir)
    records: list[FileRecord] = []
    try:
        for number, data, size, stamp in mbox_messages(path):
            where = f"{rel}[{number}]"
            if data is None:
                records.append(_too_large(where, path.absolute(), size, stamp))
            else:
                records.extend(read_message(data, where, path.absolute(), input_dir, config, rule_set, stamp))
    except OSError as exc:
        records.append(_unreadable(rel, path.absolute(), exc, config))
    return records


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


def read_maildir(folder: Path, input_dir: Path, config, rule_set) -> list[FileRecord]:
    records: list[FileRecord] = []
    for path in maildir_files(folder):
        records.extend(read_eml(path, input_dir, config, rule_set))
    return records


def read_mailbox(path: Path, input_dir: Path, config, rule_set) -> list[FileRecord]:
    """Every record of one .eml file, .mbox file or Maildir folder (never raises for bad input)."""
    path = Path(path)
    if path.is_dir():
        return read_maildir(path, input_dir, config, rule_set)
    if path.suffix.lower() in MBOX_SUFFIXES:
        return read_mbox(path, input_dir, config, rule_set)
    return read_eml(path, input_dir, config, rule_set)


def read_with_mailboxes(paths: list[Path], input_dir: Path, config, rule_set, progress: Callable[[], object] | None,
                        read_files: Callable[..., list[FileRecord]]) -> list[FileRecord]:
    """`read_all` when some paths are mailboxes: files through `read_files`, mailboxes expanded in place."""
    plain = [p for p in paths if not is_mailbox(p)]
    by_path = iter(read_files(plain, input_dir, config, rule_set, progress=progress))
    records: list[FileRecord] = []
    for path in paths:
        if is_mailbox(path):
            records.extend(read_mailbox(path, input_dir, config, rule_set))
            if progress is not None:
                progress()
        else:
            records.append(next(by_path))
    return records


def has_workbook(data: bytes) -> bool:
    """True when the message carries at least one workbook attachment (used when fetching mail)."""
    try:
        return bool(workbook_attachments(parse_message(data))[0])
    except Exception:
        return False


__all__ = ["is_mailbox", "is_maildir", "read_mailbox", "read_with_mailboxes", "read_message", "parse_message",
           "safe_attachment_name", "has_workbook", "message_sender", "message_date"]
