"""The fast cut of a message into parts (mime_parts) finds exactly what the stdlib parser finds."""
from email import policy
from email.message import EmailMessage

import pytest

from dvht_batch.intake import mailbox
from dvht_batch.intake.mime_parts import leaf_parts

XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _message(alternative=False, attachments=(("VP.xlsx", b"PK\x03\x04data"),)):
    msg = EmailMessage()
    msg["From"], msg["Subject"] = "Trần Thị Bình <binh@stc.gov.vn>", "Báo cáo tháng 11 – Văn phòng"
    msg["Date"] = "Wed, 03 Dec 2025 10:00:00 +0700"
    msg.set_content("Kính gửi Văn phòng.\n--not a boundary\n")
    if alternative:
        msg.add_alternative("<p>Kính gửi Văn phòng.</p>", subtype="html")
    for name, data in attachments:
        if isinstance(data, str):  # a text attachment: sent as 7bit/8bit text, not base64
            msg.add_attachment(data, subtype="csv", filename=name)
        else:
            msg.add_attachment(data, maintype=XLSX[0], subtype=XLSX[1], filename=name)
    return msg


def _both(data: bytes):
    fast = leaf_parts(data, mailbox.MAX_PARTS)
    assert fast is not None
    full = mailbox.spreadsheet_attachments(mailbox.parse_message(data))
    return mailbox._spreadsheets(fast[1]), full, fast[0]


CASES = {
    "one workbook": _message(),
    "text and html, three attachments with Vietnamese names": _message(True, [
        ("Bảng kê Văn phòng tháng 11.xlsx", bytes(range(256)) * 40), ("ghi chú.pdf", b"%PDF"),
        ("VP (2).xlsx", b"PK" + b"\x00" * 5000)]),
    "winmail and csv": _message(attachments=[("winmail.dat", b"\x78\x9f\x3e\x22"), ("VP.csv", "\ufeffHọ và tên;Năm sinh\nAn;1980\n")]),
}


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("line_ending", ["\n", "\r\n"])
def test_same_attachments_as_the_stdlib_parser(name, line_ending):
    data = CASES[name].as_bytes(policy=policy.default.clone(linesep=line_ending))
    (fast, fast_others), (full, full_others), headers = _both(data)
    assert fast and [(a.name, a.data) for a in fast] == [(a.name, a.data) for a in full]
    assert fast_others == full_others
    assert headers.items() == mailbox.parse_message(data).items()  # the same fields, as compat32 stores them
    assert mailbox.message_sender(headers) == "Trần Thị Bình <binh@stc.gov.vn>"


def test_header_blocks_the_quick_reader_leaves_to_the_stdlib():
    from dvht_batch.intake.mime_parts import _PARSER, headers_of

    for block in (b"From: a@b.vn\r\nSubject: =?utf-8?b?QsOhbyBjw6Fv?=\r\n\tti\xe1\xba\xbfp\r\n",
                  b" leading continuation\nX: 1\n", b"no colon here\nX: 1\n", b"X: a\x0cb\n", b""):
        assert headers_of(block).items() == _PARSER.parsebytes(block, headersonly=True).items(), block


def test_unusual_shapes_go_to_the_stdlib_parser():
    whole = _message().as_bytes()
    assert leaf_parts(whole[: len(whole) - 40], 500) is None  # truncated: no closing boundary
    forwarded = _message()
    inner = EmailMessage()
    inner.set_content("x")
    forwarded.add_attachment(inner)  # message/rfc822
    assert leaf_parts(forwarded.as_bytes(), 500) is None
    single = EmailMessage()
    single.set_content("no attachment")
    assert leaf_parts(single.as_bytes(), 500) is None
    assert leaf_parts(_message(attachments=[(f"{i}.xlsx", b"PK") for i in range(8)]).as_bytes(), 5) is None
    # and open_message still reads them all
    assert [a.name for a in mailbox.open_message(whole[: len(whole) - 40]).attachments] == ["VP.xlsx"]


@pytest.mark.parametrize("sender", [
    "Trần Thị Bình <binh@stc.gov.vn>", '"Nguyễn, Văn An" <an@stc.gov.vn>', "  Văn   thư   <vt@x.vn> ", "<a@b.vn>",
    "a@b.vn", "Phòng Kế toán (KT) <kt@x.vn>", "=?utf-8?b?VsSDbiB0aMawIHBow7JuZyAx?= <p1@example.vn>",
    'A "B" C <abc@x.vn>', "Tên <không hợp lệ>", "x@y.vn, z@w.vn", "",
])
def test_quick_sender_is_what_getaddresses_finds(sender, monkeypatch):
    from email.message import Message

    msg = Message()
    msg["From"] = sender
    quick = mailbox.message_sender(msg)
    monkeypatch.setattr(mailbox, "_PLAIN_FROM", __import__("re").compile(r"(?!)"))  # never matches: the full parser
    assert quick == mailbox.message_sender(msg)
