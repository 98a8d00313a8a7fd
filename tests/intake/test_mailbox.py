"""Workbooks sent by e-mail: .eml, .mbox and Maildir, built with the stdlib email package."""
from __future__ import annotations

import base64
import mailbox as stdlib_mailbox
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest
from builders import member, write_department

from dvht_batch.assess import aggregate
from dvht_batch.intake import discover, mailbox, mbox, read_all
from dvht_batch.models import FileKind, FileStatus
from dvht_batch.period import Period

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ICT = timezone(timedelta(hours=7))


def workbook_bytes(tmp_path: Path, name: str = "wb.xlsx", **info) -> bytes:
    folder = tmp_path / "_build"
    folder.mkdir(exist_ok=True)
    return write_department(folder / name, **info).read_bytes()


def message(sender="Trần Thị Bình <binh@stc.gov.vn>", subject="Báo cáo tháng 11 – Văn phòng",
            when=datetime(2025, 11, 5, 9, 0, tzinfo=ICT), attachments=(), body="Kính gửi Văn phòng Sở.") -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "vanthu@stc.gov.vn"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(when)
    msg.set_content(body)
    for name, data in attachments:
        msg.add_attachment(data, maintype="application", subtype=XLSX.split("/")[1], filename=name)
    return msg


def rfc2047_attachment(msg: EmailMessage, name: str, data: bytes) -> None:
    """An Outlook-style attachment: RFC 2047 encoded-word filename, base64 body."""
    msg.add_attachment(data, maintype="application", subtype="octet-stream", filename="placeholder.xlsx")
    part = msg.get_payload()[-1]
    encoded = "=?utf-8?B?" + base64.b64encode(name.encode()).decode() + "?="
    del part["Content-Disposition"]
    part["Content-Disposition"] = f'attachment; filename="{encoded}"'


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "vao"
    folder.mkdir()
    return folder


def test_rfc2231_vietnamese_filename_base64_and_rfc2047_subject(tmp_path, inbox, config, rules):
    data = workbook_bytes(tmp_path)
    msg = message(attachments=[("Báo cáo Văn phòng tháng 11.xlsx", data)])
    raw = msg.as_bytes()
    assert b"filename*0*=utf-8''B%C3%A1o" in raw and b"Content-Transfer-Encoding: base64" in raw
    assert b"=?utf-8?" in raw  # the Vietnamese subject is RFC 2047 encoded
    (inbox / "thu.eml").write_bytes(raw)
    [record] = read_all(discover(inbox), inbox, config, rules)
    assert record.path == "thu.eml#Báo cáo Văn phòng tháng 11.xlsx"
    assert record.kind is FileKind.DEPARTMENT and record.errors == [] and len(record.members) == 2
    assert record.sender == "Trần Thị Bình <binh@stc.gov.vn>"
    assert record.modified == datetime(2025, 11, 5, 9, 0, tzinfo=ICT).astimezone().replace(tzinfo=None)
    assert record.size == len(data) and record.source.read_bytes() == data
    assert not record.source.is_relative_to(inbox)  # extracted to a private folder, never the input
    assert sorted(p.name for p in inbox.iterdir()) == ["thu.eml"]


def test_rfc2047_filename_traversal_duplicates_and_no_overwrite(tmp_path, inbox, config, rules):
    vp = workbook_bytes(tmp_path, "vp.xlsx")
    kt = workbook_bytes(tmp_path, "kt.xlsx", ma_phong="KT", ten_phong="Phòng Kế toán")
    msg = message(attachments=[("../../x.xlsx", vp), ("VP.xlsx", vp), ("VP.xlsx", kt)])
    rfc2047_attachment(msg, "Bảng kê phòng Kế toán.xlsx", kt)
    (inbox / "a.eml").write_bytes(msg.as_bytes())
    records = read_all(discover(inbox), inbox, config, rules)
    assert [r.path for r in records] == ["a.eml#x.xlsx", "a.eml#VP.xlsx", "a.eml#VP (2).xlsx",
                                         "a.eml#Bảng kê phòng Kế toán.xlsx"]
    assert [r.department for r in records] == ["VP", "VP", "KT", "KT"]
    assert not (tmp_path / "x.xlsx").exists() and not (inbox.parent.parent / "x.xlsx").exists()
    assert records[2].source != records[1].source and records[2].source.read_bytes() == kt
    assert all(f.file == r.path for r in records for f in r.findings)


@pytest.mark.parametrize("raw, expected", [
    ("../../x.xlsx", "x.xlsx"), ("..\\..\\Windows\\x.xlsx", "x.xlsx"), ("/etc/passwd", "passwd"),
    ("..", "tep_dinh_kem"), ("a\x00b:c?.xlsx", "a_b_c_.xlsx"), (".hidden.xlsx", "hidden.xlsx"),
    ("Tổng hợp.XLSX", "Tổng hợp.XLSX"), (None, "tep_dinh_kem"), ("x" * 300 + ".xlsx", "x" * 115 + ".xlsx"),
])
def test_safe_attachment_name(raw, expected):
    assert mailbox.safe_attachment_name(raw) == expected


def test_unnamed_excel_part_gets_a_suffix():
    assert mailbox.safe_attachment_name(None, XLSX) == "tep_dinh_kem.xlsx"
    assert mailbox.safe_attachment_name("bang ke", "application/vnd.ms-excel") == "bang ke.xls"


def test_message_without_workbook_is_one_ignored_record(inbox, config, rules):
    msg = message(subject="Xin lỗi, gửi nhầm")
    msg.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="công văn.pdf")
    (inbox / "b.eml").write_bytes(msg.as_bytes())
    [record] = read_all(discover(inbox), inbox, config, rules)
    aggregate.settle_statuses([record])
    assert record.status is FileStatus.IGNORED and record.path == "b.eml"
    assert record.ignored_reason.startswith("thư không có tệp Excel hay bảng tính đính kèm") and "công văn.pdf" in record.ignored_reason
    assert record.sender.endswith("<binh@stc.gov.vn>")


def test_csv_attachment_is_rejected_and_tied_to_its_department(inbox, config, rules):
    msg = message(subject="Báo cáo")
    msg.add_attachment("\ufeffa;b".encode(), maintype="text", subtype="csv", filename="Bang ke.csv")
    (inbox / "b.eml").write_bytes(msg.as_bytes())
    [record] = read_all(discover(inbox), inbox, config, rules)
    aggregate.settle_statuses([record])
    assert record.status is FileStatus.REJECTED and record.path == "b.eml#Bang ke.csv"
    assert [f.code for f in record.errors] == ["csv-not-accepted"]
    assert record.department is None  # neither the name nor a configured address tells; the sender sent nothing else


def test_mbox_and_maildir(tmp_path, inbox, config, rules):
    data = workbook_bytes(tmp_path)
    box = stdlib_mailbox.mbox(inbox / "hop_thu.mbox")
    box.add(message(body="From the office\n", attachments=[("VP.xlsx", data)]))
    box.add(message(subject="Không có tệp"))
    box.flush()
    box.close()
    md = stdlib_mailbox.Maildir(inbox / "Maildir", create=True)
    md.add(message(sender="ke.toan@stc.gov.vn", attachments=[("KT.xlsx", data)]))
    paths = discover(inbox)
    assert [p.name for p in paths] == ["hop_thu.mbox", "Maildir"]
    records = read_all(paths, inbox, config, rules)
    assert [r.path for r in records][:2] == ["hop_thu.mbox[1]#VP.xlsx", "hop_thu.mbox[2]"]
    assert records[2].path.startswith("Maildir/new/") and records[2].path.endswith("#KT.xlsx")
    assert records[0].kind is FileKind.DEPARTMENT and records[1].kind is FileKind.UNKNOWN
    assert records[2].sender == "ke.toan@stc.gov.vn"


def test_mbox_from_line_unescaped_and_size_cap(tmp_path, monkeypatch):
    path = tmp_path / "x.mbox"
    path.write_bytes(b"From a@b Mon Nov  3 08:00:00 2025\nSubject: a\n\n>From here\n\n"
                     b"From c@d Tue Nov  4 08:00:00 2025\nSubject: b\n\n" + b"y" * 500 + b"\n")
    monkeypatch.setattr(mbox, "MAX_MESSAGE_BYTES", 200)
    first, second = list(mbox.mbox_messages(path))
    assert first[1] == b"Subject: a\n\nFrom here\n\n" and first[3] == datetime(2025, 11, 3, 8, 0)
    assert second[1] is None and second[2] > 200


def test_large_eml_is_not_read(inbox, config, rules, monkeypatch):
    monkeypatch.setattr(mailbox, "MAX_MESSAGE_BYTES", 100)
    (inbox / "to.eml").write_bytes(message().as_bytes())
    [record] = read_all(discover(inbox), inbox, config, rules)
    assert record.kind is FileKind.UNKNOWN and "quá lớn" in record.ignored_reason


def test_newest_mail_wins_and_other_months_are_ignored(tmp_path, inbox, config, rules):
    old = workbook_bytes(tmp_path, "old.xlsx", ngay_lap="05/11/2025")
    new = workbook_bytes(tmp_path, "new.xlsx", ngay_lap="05/11/2025")
    october = workbook_bytes(tmp_path, "oct.xlsx", ky_bao_cao="10/2025", ngay_lap="05/10/2025")
    (inbox / "1.eml").write_bytes(message(when=datetime(2025, 11, 6, 8, 0, tzinfo=ICT),
                                          attachments=[("VP.xlsx", old)]).as_bytes())
    (inbox / "2.eml").write_bytes(message(when=datetime(2025, 11, 7, 8, 0, tzinfo=ICT),
                                          attachments=[("VP.xlsx", new)]).as_bytes())
    (inbox / "3.eml").write_bytes(message(when=datetime(2025, 10, 6, 8, 0, tzinfo=ICT),
                                          attachments=[("VP.xlsx", october)]).as_bytes())
    write_department(inbox / "VP.xlsx", [member("Lê Văn Cũ")], ngay_lap="05/11/2025")  # folder file, older mtime
    import os
    os.utime(inbox / "VP.xlsx", (datetime(2025, 11, 1).timestamp(),) * 2)
    records = read_all(discover(inbox), inbox, config, rules)
    aggregate.check_period(records, Period(2025, 11))
    aggregate.settle_statuses(records)
    status = {r.path: r.status for r in records}
    assert status == {"1.eml#VP.xlsx": FileStatus.SUPERSEDED, "2.eml#VP.xlsx": FileStatus.ACCEPTED,
                      "3.eml#VP.xlsx": FileStatus.IGNORED, "VP.xlsx": FileStatus.SUPERSEDED}
    assert "10/2025" in records[2].ignored_reason and records[2].errors == []


def test_hostile_messages_never_raise(inbox, config, rules):
    (inbox / "rac.eml").write_bytes(b"\xff\xfe\x00garbage\r\nFrom: =?x?q?\xff?=\r\nDate: not a date\r\n\r\n")
    (inbox / "rong.eml").write_bytes(b"")
    records = read_all(discover(inbox), inbox, config, rules)
    assert [r.kind for r in records] == [FileKind.UNKNOWN, FileKind.UNKNOWN]
    assert all(r.ignored_reason for r in records)


def test_has_workbook():
    assert mailbox.has_workbook(message(attachments=[("a.xlsx", b"PK")]).as_bytes())
    assert not mailbox.has_workbook(message().as_bytes())
