"""dvht_batch.intake.inbox: uploaded files checked early with the intake's own checks, stored without overwriting."""
from __future__ import annotations

import pytest

from builders import write_department
from dvht_batch.intake.inbox import UploadRefused, clean_name, store_upload


@pytest.mark.parametrize("raw, name", [
    ("VP.xlsx", "VP.xlsx"), ("../../VP.xlsx", "VP.xlsx"), ("C:\\Users\\a\\VP.xls", "VP.xls"),
    ('Bao "cao"?.xlsx', "Bao _cao_.xlsx"), ("thu.EML", "thu.EML"), ("hop thu.mbox", "hop thu.mbox"),
])
def test_names_cleaned(raw, name):
    assert clean_name(raw) == name


@pytest.mark.parametrize("raw, words", [
    ("~$VP.xlsx", "tệp khóa tạm"), ("ghi chu.txt", "không phải bảng tính"),
    ("CON.xlsx", "không dùng được"),
    ("", "không có tên"), (".xlsx", "không phải bảng tính"), ("..xlsx", "không phải bảng tính"),
    ("dvht.toml", "không phải tệp các phòng gửi"),
])
def test_names_refused(raw, words):
    with pytest.raises(UploadRefused, match=words):
        clean_name(raw)


def test_stored_never_overwritten_and_copies_recognised(tmp_path):
    a = write_department(tmp_path / "a.xlsx").read_bytes()
    b = write_department(tmp_path / "b.xlsx", ma_phong="KT").read_bytes()
    folder = tmp_path / "vao"
    assert store_upload(folder, "VP.xlsx", a) == (folder / "VP.xlsx", True)
    assert store_upload(folder, "VP.xlsx", a) == (folder / "VP.xlsx", False)
    assert store_upload(folder, "VP.xlsx", b) == (folder / "VP (2).xlsx", True)
    assert store_upload(folder, "VP.xlsx", b) == (folder / "VP (2).xlsx", False)
    assert (folder / "VP.xlsx").read_bytes() == a and (folder / "VP (2).xlsx").read_bytes() == b
    assert sorted(p.name for p in folder.iterdir()) == ["VP (2).xlsx", "VP.xlsx"]  # no temporary file left


def test_broken_workbooks_are_stored_as_sent_for_the_run_to_judge(tmp_path):
    """A workbook's content is not judged at the door: truncated, not a zip, an .xlsx named .xls, empty — all
    stored byte for byte (the run says why they cannot be used, as `dvht run` does)."""
    folder = tmp_path / "vao"
    good = write_department(tmp_path / "a.xlsx").read_bytes()
    for name, data in [("TTTT_11-2025.xlsx", good[:3000]), ("VP.xlsx", b"hello"), ("KT.xls", good),
                       ("rong.ods", b"")]:
        path, stored = store_upload(folder, name, data)
        assert stored and path == folder / name and path.read_bytes() == data


def test_what_is_not_a_submission_is_refused(tmp_path):
    folder = tmp_path / "vao"
    with pytest.raises(UploadRefused, match="Tệp rỗng"):
        store_upload(folder, "thu.mbox", b"")
    with pytest.raises(UploadRefused, match="không có tệp Excel"):
        store_upload(folder, "thu.eml", b"From: a@b.vn\r\nSubject: x\r\n\r\nkhong co tep\r\n")
    with pytest.raises(UploadRefused, match="không phải bảng tính"):
        store_upload(folder, "ghi chu.txt", b"x")
    assert not folder.exists() or not any(folder.iterdir())
