"""One outgoing message as bytes that Outlook, Thunderbird and webmail show right (docs/gui-thu.md).

- Built with the `compat32` API: the modern policy rewrites an attachment's `name=` into RFC 2231 only,
  and Outlook (POP/IMAP accounts) then shows the attachment as "ATT00001.dat". Here each attachment
  carries both `Content-Type: …; name="=?utf-8?b?…?="` (RFC 2047) and
  `Content-Disposition: attachment; filename*=utf-8''…` (RFC 2231).
- Subject and display names as RFC 2047 words; the text body and attachments in base64; CRLF lines.
- A Message-ID from the agency's domain; a reply carries In-Reply-To and References.
- A draft carries `X-Unsent: 1`: classic Outlook for Windows and Thunderbird open such an .eml as a
  message to edit and send.
"""
from __future__ import annotations

import mimetypes
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from email import encoders, policy
from email.header import Header
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr

from dvht_batch.setup.departments import code_file_key

_POLICY = policy.compat32.clone(linesep="\r\n")
_TYPES = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          ".pdf": "application/pdf"}


@dataclass
class Letter:
    """What one message says and carries, before it has an identity (Message-ID, date)."""

    kind: str                               # mau | nhac | phan-hoi | ket-qua
    department: str                         # department code as configured
    department_name: str
    to: tuple[str, ...]
    subject: str
    body: str
    cc: tuple[str, ...] = ()
    attachments: list[tuple[str, bytes]] = field(default_factory=list)  # (file name, bytes)
    in_reply_to: str | None = None          # the Message-ID of the department's mail, for feedback
    note: str = ""                          # for the console: e.g. "chưa gửi" / "đã gửi, chưa dùng được"


def new_message_id(period: str, kind: str, department: str, domain: str) -> str:
    """'<dvht.2025-11.phan-hoi.vp.<16 hex>@stc.gov.vn>': ASCII whatever the department's code."""
    return f"<dvht.{period}.{kind}.{code_file_key(department) or 'phong'}.{secrets.token_hex(8)}@{domain}>"


def _attachment(name: str, data: bytes) -> MIMEBase:
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    content_type = _TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    part = MIMEBase(*content_type.split("/", 1))
    part.set_payload(data)
    encoders.encode_base64(part)
    encoded = name if name.isascii() else " ".join(Header(name, "utf-8").encode().split())
    part.set_param("name", encoded)
    part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", name))
    return part


def _address(name: str | None, address: str) -> str:
    return formataddr((name, address), charset="utf-8") if name else address


def message_bytes(letter: Letter, sender: str, sender_name: str | None, message_id: str, when: datetime,
                  draft: bool) -> bytes:
    """The message as it is written to an .eml (draft: with X-Unsent: 1) or handed to the server."""
    msg = MIMEMultipart("mixed")
    msg["From"] = _address(sender_name, sender)
    msg["To"] = ", ".join(letter.to)
    if letter.cc:
        msg["Cc"] = ", ".join(letter.cc)
    msg["Subject"] = Header(letter.subject, "utf-8") if not letter.subject.isascii() else letter.subject
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = message_id
    if letter.in_reply_to:
        msg["In-Reply-To"] = letter.in_reply_to
        msg["References"] = letter.in_reply_to
    if draft:
        msg["X-Unsent"] = "1"
    msg.attach(MIMEText(letter.body, "plain", "utf-8"))
    for name, data in letter.attachments:
        msg.attach(_attachment(name, data))
    return msg.as_bytes(policy=_POLICY)


def without_draft_mark(data: bytes) -> bytes:
    """The same message without its `X-Unsent: 1` line (what is handed to the server)."""
    head, sep, body = data.partition(b"\r\n\r\n")
    lines = [line for line in head.split(b"\r\n") if line.lower() != b"x-unsent: 1"]
    return b"\r\n".join(lines) + sep + body
