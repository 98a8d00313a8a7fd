"""Outlook's winmail.dat (TNEF): the workbooks inside are read like any attachment."""
from email.message import EmailMessage

from builders import write_department
from winmail import winmail_dat

from dvht_batch.assess import aggregate
from dvht_batch.intake import discover, read_all
from dvht_batch.models import FileKind, FileStatus


def rich_text_mail(dat: bytes, sender="Văn thư <vanthu.vp@stc.gov.vn>") -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, "vanphong@stc.gov.vn", "Báo cáo tháng 11"
    msg["Date"] = "Wed, 03 Dec 2025 10:00:00 +0700"
    msg.set_content("Xem tệp đính kèm.")
    msg.add_attachment(dat, maintype="application", subtype="ms-tnef", filename="winmail.dat")
    return msg.as_bytes()


def test_workbook_inside_winmail_dat_of_a_message(tmp_path, config, rules):
    book = write_department(tmp_path / "VP.xlsx").read_bytes()
    inbox = tmp_path / "vao"
    inbox.mkdir()
    (inbox / "thu.eml").write_bytes(rich_text_mail(winmail_dat([("Bảng kê VP.xlsx", book), ("ghi chú.txt", b"x")])))
    [record] = read_all(discover(inbox), inbox, config, rules)
    aggregate.settle_statuses([record])
    assert record.path == "thu.eml#winmail.dat#Bảng kê VP.xlsx"
    assert record.status is FileStatus.ACCEPTED and record.kind is FileKind.DEPARTMENT and record.department == "VP"
    assert len(record.members) == 2 and record.sender == "Văn thư <vanthu.vp@stc.gov.vn>"
    assert record.source.read_bytes() == book and record.source.parent != inbox  # extracted, input untouched


def test_winmail_dat_saved_in_the_folder(tmp_path, config, rules):
    book = write_department(tmp_path / "KT.xlsx", ma_phong="KT").read_bytes()
    inbox = tmp_path / "vao" / "phong ke toan"
    inbox.mkdir(parents=True)
    (inbox / "winmail.dat").write_bytes(winmail_dat([("KT.xlsx", book)]))
    [record] = read_all(discover(inbox.parent), inbox.parent, config, rules)
    assert record.path == "phong ke toan/winmail.dat#KT.xlsx" and record.department == "KT" and not record.errors


def test_broken_or_empty_winmail_dat(tmp_path, config, rules):
    inbox = tmp_path / "vao"
    inbox.mkdir()
    (inbox / "1.eml").write_bytes(rich_text_mail(b"\x78\x9f\x3e\x22" + b"\x00" * 3))
    (inbox / "2.eml").write_bytes(rich_text_mail(b"not tnef at all"))
    (inbox / "3.eml").write_bytes(rich_text_mail(winmail_dat([("ghi chú.txt", b"x")])))
    records = read_all(discover(inbox), inbox, config, rules)
    aggregate.settle_statuses(records)
    by_path = {r.path: r for r in records}
    assert by_path["2.eml#winmail.dat"].status is FileStatus.REJECTED
    assert [f.code for f in by_path["2.eml#winmail.dat"].errors] == ["bad-tnef"]
    assert "Outlook" in by_path["2.eml#winmail.dat"].errors[0].message
    empty = by_path["3.eml#winmail.dat"]
    assert empty.status is FileStatus.IGNORED and "ghi chú.txt" in empty.ignored_reason
    assert by_path["1.eml#winmail.dat"].status in (FileStatus.REJECTED, FileStatus.IGNORED)  # never an exception
