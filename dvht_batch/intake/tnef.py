"""Outlook's `winmail.dat` (TNEF, sent when Outlook writes in rich-text mode): the files inside it.

Unpacked with `tnefparse` from bytes already bounded by the caller; checksums are not verified
(Outlook's own are sometimes wrong, and the workbooks inside go through the usual safety checks).
"""
from __future__ import annotations

import logging

from tnefparse import TNEF

MAX_FILES = 50


class NotTnef(Exception):
    """The bytes are not a TNEF stream `tnefparse` can read."""


def _name(attachment) -> str:
    try:
        name = attachment.long_filename()
    except (UnicodeDecodeError, ValueError, AttributeError):
        raw = attachment._name  # an 8.3 name in the message's code page
        name = raw.decode("cp1252", "replace") if isinstance(raw, bytes) else str(raw)
    if isinstance(name, bytes):
        name = name.decode("utf-8", "replace")
    return str(name).strip("\x00").strip()


def unpack(data: bytes) -> list[tuple[str, bytes]]:
    """[(file name, bytes)] of the attachments inside a TNEF stream; raises NotTnef."""
    logging.getLogger("tnefparse").setLevel(logging.ERROR)  # its warnings are not for the clerk
    try:
        parsed = TNEF(data, do_checksum=False)
    except Exception as exc:  # tnefparse raises ValueError, struct.error, IndexError… on bad input
        raise NotTnef(str(exc)) from None
    found = []
    for attachment in parsed.attachments[:MAX_FILES]:
        content = attachment.data if isinstance(attachment.data, bytes) else b""
        found.append((_name(attachment), content))
    return found
