"""The parts of a multipart message found with `bytes.find`, for the common shape of a department's mail.

The stdlib parser walks a message line by line and compiles a regular expression per boundary: on a
message of one workbook attachment that costs as much as reading the workbook. Here header fields are
stored as the stdlib's `compat32` policy stores them (its own `header_source_parse`), and the bodies
are cut at their boundary lines with `bytes.find`; a leaf part is an ordinary `email.message.Message` whose payload is its body,
so names (RFC 2231), content types and transfer decoding are the stdlib's own.

Anything outside the plain shape returns None and the caller parses the whole message the usual way:
no closing boundary (a truncated message), an embedded message (message/rfc822), nesting deeper
than `MAX_DEPTH`, more parts than the caller's bound.
"""
from __future__ import annotations

import re
from email import policy
from email.message import Message
from email.parser import BytesParser

MAX_DEPTH = 4
_PARSER = BytesParser(policy=policy.compat32)


_BLANK_LINE = re.compile(rb"\n\r?\n")


def split_headers(data: bytes) -> tuple[bytes, bytes]:
    """(header block, body) at the first blank line; no blank line: all headers, empty body."""
    if data.startswith((b"\n", b"\r\n")):
        return b"", data[1:] if data.startswith(b"\n") else data[2:]
    blank = _BLANK_LINE.search(data)  # stops at the first one: never a scan of the whole body
    if blank is None:
        return data, b""
    return data[:blank.start() + 1], data[blank.end():]


_HEADER_LINE = re.compile(r"[\041-\071\073-\176]+:|[\t ]")  # a field, or a folded continuation
_ODD_BREAKS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")   # str.splitlines breaks there, email does not


def headers_of(block: bytes) -> Message:
    """The header block as compat32 stores it (`header_source_parse` on the same lines as the stdlib
    parser); a block that is not plain fields goes through the stdlib parser."""
    text = block.decode("ascii", "surrogateescape")
    if _ODD_BREAKS.search(text):
        return _PARSER.parsebytes(block, headersonly=True)
    msg = Message()
    field: list[str] = []
    for line in text.splitlines(keepends=True):
        if not _HEADER_LINE.match(line) or (not field and line[0] in " \t"):
            return _PARSER.parsebytes(block, headersonly=True)
        if line[0] not in " \t" and field:
            msg.set_raw(*policy.compat32.header_source_parse(field))
            field = []
        field.append(line)
    if field:
        msg.set_raw(*policy.compat32.header_source_parse(field))
    return msg


def leaf_parts(data: bytes, max_parts: int) -> tuple[Message, list[Message]] | None:
    """(the message's headers, its leaf parts in order) or None when the message is not the plain shape."""
    block, body = split_headers(data)
    top = headers_of(block)
    if top.get_content_maintype() != "multipart":
        return None
    leaves: list[Message] = []
    if not _collect(top, body, leaves, 0, max_parts):
        return None
    return top, leaves


def _collect(container: Message, body: bytes, leaves: list[Message], depth: int, max_parts: int) -> bool:
    boundary = container.get_boundary()
    if not boundary or depth >= MAX_DEPTH:
        return False
    pieces = _between_boundaries(body, b"--" + boundary.encode("ascii", "surrogateescape"))
    if pieces is None:
        return False
    for piece in pieces:
        block, content = split_headers(piece)
        part = headers_of(block)
        maintype = part.get_content_maintype()
        if maintype == "message":
            return False
        if maintype == "multipart":
            if not _collect(part, content, leaves, depth + 1, max_parts):
                return False
            continue
        part.set_payload(content.decode("ascii", "surrogateescape"))  # as compat32 stores a body
        leaves.append(part)
        if len(leaves) > max_parts:
            return False
    return True


def _between_boundaries(body: bytes, marker: bytes) -> list[bytes] | None:
    """The bodies between `--boundary` lines, up to the closing `--boundary--`; None without one."""
    pieces: list[bytes] = []
    start = None  # where the current piece begins (after its boundary line)
    pos = 0 if body.startswith(marker) else _next_line_with(body, marker, 0)
    while pos != -1:
        after = pos + len(marker)
        closing = body[after:after + 2] == b"--"
        eol = body.find(b"\n", after)
        end_of_line = len(body) if eol == -1 else eol + 1
        if body[after + (2 if closing else 0):end_of_line].strip(b" \t\r\n") == b"":
            if start is not None:
                cut = pos - 2 if body[pos - 2:pos] == b"\r\n" else pos - 1  # the line break belongs to the boundary
                pieces.append(body[start:max(cut, start)])
            if closing:
                return pieces
            start = end_of_line
        pos = _next_line_with(body, marker, after)
    return None


def _next_line_with(body: bytes, marker: bytes, start: int) -> int:
    found = body.find(b"\n" + marker, start)
    return -1 if found == -1 else found + 1
