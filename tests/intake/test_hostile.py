"""Hostile and broken files: each is one clear Vietnamese error, in bounded time and memory."""
import hashlib
import io
import os
import zipfile
from pathlib import Path

import pytest
from builders import department_sheets, rewrite_member, write_department, write_styled, write_xlsm, write_xlsx

from dvht_batch.intake import ole, read_all, safety, zip_checks
from dvht_batch.models import FileKind

MiB = 1024 * 1024


def only_error(rec):
    assert len(rec.errors) == 1, rec.findings
    return rec.errors[0]


def test_text_file_named_xlsx(tmp_path, read):
    path = tmp_path / "VP.xlsx"
    path.write_text("Họ và tên;Năm sinh\nAn;1980\n", encoding="utf-8")
    f = only_error(read(path))
    assert f.code == "not-a-zip" and "không phải tệp .xlsx thật" in f.message and f.file == "VP.xlsx"


def test_empty_file(tmp_path, read):
    (tmp_path / "VP.xlsx").write_bytes(b"")
    rec = read(tmp_path / "VP.xlsx")
    assert only_error(rec).code == "empty-file" and not rec.readable and rec.size == 0


def test_truncated_xlsx(tmp_path, read):
    path = write_department(tmp_path / "VP.xlsx")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    f = only_error(read(path))
    assert f.code == "corrupt-zip" and "không phải tệp .xlsx thật" in f.message


def test_zip_that_is_not_a_workbook(tmp_path, read):
    path = tmp_path / "VP.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    assert only_error(read(path)).code == "not-a-workbook"


def test_broken_sheet_xml_is_a_finding_not_a_traceback(tmp_path, read):
    path = write_department(tmp_path / "VP.xlsx")
    rewrite_member(path, "xl/worksheets/sheet2.xml", lambda d: d.replace(b"</sheetData>", b"<row><c r=\"A"))
    rec = read(path)
    f = only_error(rec)
    assert f.code == "unreadable" and "bị hỏng" in f.message


def test_password_protected_xlsx(tmp_path, read):
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = write_department(tmp_path / "plain.xlsx")
    encrypted = io.BytesIO()
    with plain.open("rb") as f:
        OOXMLFile(f).encrypt("matkhau", encrypted)
    path = tmp_path / "VP.xlsx"
    path.write_bytes(encrypted.getvalue())
    f = only_error(read(path))
    assert f.code == "encrypted" and "Tệp có mật khẩu, hãy bỏ mật khẩu rồi gửi lại" in f.message


def test_ole_with_encryption_info_stream(tmp_path, read, monkeypatch):
    """Even when msoffcrypto cannot tell, an OLE container holding EncryptionInfo is a password-protected file."""
    olefile = pytest.importorskip("olefile")
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = write_department(tmp_path / "plain.xlsx")
    out = io.BytesIO()
    with plain.open("rb") as f:
        OOXMLFile(f).encrypt("x", out)
    with olefile.OleFileIO(out.getvalue()) as container:
        assert container.exists("EncryptionInfo")
    monkeypatch.setattr(ole, "_is_encrypted_by_msoffcrypto", lambda data: False)
    path = tmp_path / "VP.xlsx"
    path.write_bytes(out.getvalue())
    assert only_error(read(path)).code == "encrypted"


def test_xls_renamed_xlsx(tmp_path, read):
    xlwt = pytest.importorskip("xlwt")
    wb = xlwt.Workbook()
    wb.add_sheet("Thong_tin").write(0, 0, "Mã đơn vị")
    wb.save(str(tmp_path / "VP.xlsx"))
    f = only_error(read(tmp_path / "VP.xlsx"))
    assert f.code == "not-a-zip" and ".xls" in f.message and "không phải tệp .xlsx thật" in f.message


def test_xlsx_renamed_xls(tmp_path, read):
    path = write_department(tmp_path / "VP.xlsx")
    path.rename(tmp_path / "VP.xls")
    assert only_error(read(tmp_path / "VP.xls")).code == "wrong-extension"


def test_real_xls_is_read(tmp_path, read):
    pytest.importorskip("xlwt")
    write_styled(tmp_path / "VP.xls", department_sheets())
    rec = read(tmp_path / "VP.xls")
    assert rec.findings == [] and rec.kind is FileKind.DEPARTMENT
    assert [m.name for m in rec.members] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert rec.members[0].row == 2 and rec.members[0].birth_year == 1985


def test_xls_sheet_extent_is_checked(tmp_path, read):
    pytest.importorskip("xlwt")
    sheets = department_sheets()
    members = sheets["Thanh_vien"]
    members += [[]] * (60_000 - len(members)) + [[None, "Nguyễn Văn Xa"]]  # a name in row 60 001
    write_styled(tmp_path / "VP.xls", sheets)
    f = only_error(read(tmp_path / "VP.xls"))
    assert f.code == "sheet-too-large" and f.sheet == "Thanh_vien" and "60.001 dòng" in f.message


def test_missing_file_is_a_finding(tmp_path, read):
    rec = read(tmp_path / "gone.xlsx")
    assert only_error(rec).code == "unreadable-file"


def test_a_bug_in_a_sheet_reader_is_a_finding(tmp_path, read, monkeypatch):
    from dvht_batch.intake import workbook

    def boom(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(workbook, "read_members", boom)
    rec = read(write_department(tmp_path / "VP.xlsx"))
    f = only_error(rec)
    assert f.code == "internal-error" and "boom" in f.message


def test_xlsm_is_read(tmp_path, read):
    path = write_xlsm(tmp_path / "VP.xlsm", department_sheets())
    with zipfile.ZipFile(path) as zf:
        assert "xl/vbaProject.bin" in zf.namelist()
    rec = read(path)
    assert rec.findings == [] and len(rec.members) == 2


def _write_bomb(path: Path, member_bytes: int, level: int = 1) -> None:
    """A workbook whose member sheet XML is `member_bytes` of spaces, streamed (small and fast on disk)."""
    base = write_department(path.with_name("base.xlsx"))
    with zipfile.ZipFile(base) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename != "xl/worksheets/sheet2.xml":
                zout.writestr(item, data)
                continue
            with zout.open(item.filename, "w", force_zip64=True) as f:
                head, tail = data.split(b"<sheetData>")
                f.write(head + b"<sheetData>")
                chunk = b" " * MiB
                for _ in range(member_bytes // MiB):
                    f.write(chunk)
                f.write(b"<sheetData>" + tail)


def test_decompression_bomb_total_size(tmp_path, read, monkeypatch):
    path = tmp_path / "VP.xlsx"
    _write_bomb(path, 300 * MiB)
    assert path.stat().st_size < 3 * MiB

    def never(*args):
        raise AssertionError("a part was inflated: the declared sizes should have refused the file first")

    monkeypatch.setattr(zip_checks, "member_pieces", never)  # refused from the zip's directory, nothing inflated
    f = only_error(read(path))
    assert f.code == "zip-bomb" and "xl/worksheets/sheet2.xml" in f.message and "decompression bomb" in f.message


def test_decompression_bomb_ratio(tmp_path, read):
    path = tmp_path / "VP.xlsx"
    _write_bomb(path, 40 * MiB, level=6)
    assert only_error(read(path)).code == "zip-bomb"


def test_member_larger_than_declared_is_refused(tmp_path, read):
    """A lying local/central header: the declared size is tiny, the data is not."""
    path = write_department(tmp_path / "VP.xlsx")
    rewrite_member(path, "xl/sharedStrings.xml", lambda d: d + b" " * (2 * MiB))
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("xl/sharedStrings.xml")
    pos = 0
    while (pos := data.find(b"PK\x01\x02", pos)) >= 0:  # central directory entry: file size at +24
        name_len = int.from_bytes(data[pos + 28: pos + 30], "little")
        if data[pos + 46: pos + 46 + name_len] == b"xl/sharedStrings.xml":
            data[pos + 24: pos + 28] = (1000).to_bytes(4, "little")
        pos += 4
    data[info.header_offset + 22: info.header_offset + 26] = (1000).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    assert only_error(read(path)).code in {"corrupt-zip", "zip-bomb"}


@pytest.mark.parametrize("dtd", [
    b'<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    b'<!DOCTYPE sst SYSTEM "file:///etc/passwd">',
    b'<!ENTITY x SYSTEM "http://attacker.example/">',
])
def test_doctype_or_entity_in_shared_strings(tmp_path, read, dtd):
    path = write_department(tmp_path / "VP.xlsx")
    rewrite_member(path, "xl/sharedStrings.xml", lambda d: d.replace(b"?>", b"?>" + dtd, 1))
    f = only_error(read(path))
    assert f.code == "xml-doctype" and "xl/sharedStrings.xml" in f.message


def test_doctype_in_utf16_xml(tmp_path, read):
    path = write_department(tmp_path / "VP.xlsx")
    rewrite_member(path, "xl/sharedStrings.xml",
                   lambda d: d.decode().replace("UTF-8", "UTF-16").replace("?>", "?><!DOCTYPE x>", 1).encode("utf-16"))
    assert only_error(read(path)).code == "xml-doctype"


def test_too_many_rows_is_refused_before_loading(tmp_path, read):
    sheets = department_sheets()
    sheets["Thanh_vien"] += [[None]] * 60_000 + [[None, "Nguyễn Văn Cuối"]]
    path = write_xlsx(tmp_path / "VP.xlsx", sheets)
    rec = read(path)
    f = only_error(rec)
    assert f.code == "sheet-too-large" and f.sheet == "Thanh_vien" and "60.004 dòng" in f.message
    assert rec.kind is FileKind.DEPARTMENT and rec.department == "VP"  # still attributed to its department
    assert not rec.readable and rec.members == []


def test_cells_without_references_are_measured_too(tmp_path, read):
    """Cells without an r attribute: calamine places them one after another; 300 of them → 300 columns."""
    path = write_department(tmp_path / "VP.xlsx")
    wide = b"<row>" + b"<c><v>1</v></c>" * 300 + b"</row>"
    rewrite_member(path, "xl/worksheets/sheet2.xml", lambda d: d.replace(b"</sheetData>", wide + b"</sheetData>"))
    assert only_error(read(path)).code == "sheet-too-large"


def test_styled_far_cell_is_harmless(tmp_path, read):
    path = write_department(tmp_path / "VP.xlsx")
    far = b'<row r="1048576"><c r="XFD1048576" s="0"/></row>'
    rewrite_member(path, "xl/worksheets/sheet2.xml", lambda d: d.replace(b"</sheetData>", far + b"</sheetData>"))
    assert read(path).findings == []


def test_file_too_large_is_not_read(tmp_path, read, monkeypatch):
    monkeypatch.setattr(safety, "MAX_FILE_BYTES", 1000)
    path = write_department(tmp_path / "VP.xlsx")
    rec = read(path)
    assert only_error(rec).code == "file-too-large" and rec.sha256 is None


def test_input_files_are_never_modified(tmp_path, config, rules):
    paths = [write_department(tmp_path / "VP.xlsx"), write_xlsm(tmp_path / "KT.xlsm", department_sheets(ma_phong="KT"))]
    (tmp_path / "bad.xlsx").write_bytes(b"not a zip")
    paths.append(tmp_path / "bad.xlsx")
    before = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), os.stat(p).st_mtime_ns) for p in paths}
    records = read_all(paths, tmp_path, config, rules)
    after = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), os.stat(p).st_mtime_ns) for p in paths}
    assert before == after
    assert [r.sha256 for r in records] == [before[p][0] for p in paths]
    # nothing is left open: the files can be replaced right away (Windows would refuse otherwise)
    for p in paths:
        p.write_bytes(p.read_bytes())


def test_one_bad_file_never_stops_the_run(tmp_path, config, rules):
    good = write_department(tmp_path / "a.xlsx")
    empty = tmp_path / "b.xlsx"
    empty.write_bytes(b"")
    text = tmp_path / "c.xlsx"
    text.write_text("x")
    other = tmp_path / "d.pdf"
    other.write_bytes(b"%PDF-1.4")
    calls = []
    records = read_all([good, empty, text, other], tmp_path, config, rules, progress=lambda: calls.append(1))
    assert [r.path for r in records] == ["a.xlsx", "b.xlsx", "c.xlsx", "d.pdf"]
    assert len(calls) == 4
    assert records[0].errors == [] and records[1].errors[0].code == "empty-file"
    assert records[2].errors[0].code == "not-a-zip"
    assert records[3].findings == [] and records[3].ignored_reason and records[3].kind is FileKind.UNKNOWN
