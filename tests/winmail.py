"""A small TNEF (`winmail.dat`) writer for tests: what Outlook sends in rich-text mode.

Layout (MS-OXTNEF): signature 0x223E9F78, a key, then attributes, each
level (1 message, 2 attachment) · id (uint16) · type (uint16) · length (uint32) · data · checksum
(sum of the data bytes, mod 65536). An attachment starts with attAttachRendData and carries its 8.3
title (attAttachTitle), its bytes (attAttachData) and MAPI properties (attAttachment) with the long
file name in UTF-16 (PR_ATTACH_LONG_FILENAME), as Outlook writes them.
"""
from __future__ import annotations

import struct

SIGNATURE = 0x223E9F78
MESSAGE, ATTACHMENT = 1, 2
# attribute ids and types (MS-OXTNEF 2.1.3)
ATT_TNEF_VERSION, ATT_OEM_CODEPAGE, ATT_MESSAGE_CLASS = 0x9006, 0x9007, 0x8008
ATT_ATTACH_REND_DATA, ATT_ATTACH_TITLE, ATT_ATTACH_DATA, ATT_ATTACHMENT = 0x9002, 0x8010, 0x800F, 0x9005
T_BYTE, T_STRING, T_WORD, T_DWORD = 0x0006, 0x0001, 0x0003, 0x0008
PT_UNICODE, PR_ATTACH_LONG_FILENAME = 0x001F, 0x3707


def _attribute(level: int, attr_id: int, attr_type: int, data: bytes) -> bytes:
    return struct.pack("<BHHI", level, attr_id, attr_type, len(data)) + data + struct.pack("<H", sum(data) & 0xFFFF)


def _mapi_long_name(name: str) -> bytes:
    text = name.encode("utf-16-le") + b"\x00\x00"
    padded = text + b"\x00" * (-len(text) % 4)
    return struct.pack("<IHHII", 1, PT_UNICODE, PR_ATTACH_LONG_FILENAME, 1, len(text)) + padded


def winmail_dat(files: list[tuple[str, bytes]]) -> bytes:
    """A winmail.dat holding `files` [(name, bytes)]."""
    out = struct.pack("<IH", SIGNATURE, 0x0001)
    out += _attribute(MESSAGE, ATT_TNEF_VERSION, T_DWORD, struct.pack("<I", 0x00010000))
    out += _attribute(MESSAGE, ATT_OEM_CODEPAGE, T_BYTE, struct.pack("<II", 1252, 0))
    out += _attribute(MESSAGE, ATT_MESSAGE_CLASS, T_WORD, b"IPM.Microsoft Mail.Note\x00")
    for name, data in files:
        short = (name.encode("ascii", "replace")[:8] + b".XLS").replace(b"?", b"_")
        out += _attribute(ATTACHMENT, ATT_ATTACH_REND_DATA, T_BYTE, struct.pack("<HIIHI", 1, 0xFFFFFFFF, 0, 0, 0))
        out += _attribute(ATTACHMENT, ATT_ATTACH_TITLE, T_STRING, short + b"\x00")
        out += _attribute(ATTACHMENT, ATT_ATTACH_DATA, T_BYTE, data)
        out += _attribute(ATTACHMENT, ATT_ATTACHMENT, T_BYTE, _mapi_long_name(name))
    return out
