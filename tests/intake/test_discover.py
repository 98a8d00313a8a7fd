"""discover(): every file under the input folder, sorted, minus lock files and droppings."""
from builders import write_department

from dvht_batch.intake import discover, read_file
from dvht_batch.models import FileKind, FileStatus


def test_discover_walks_subfolders_and_skips_droppings(tmp_path):
    (tmp_path / "phong" / "2025").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    for name in ["b.xlsx", "A.xlsx", "~$b.xlsx", ".hidden.xlsx", "Thumbs.db", "desktop.ini", "dvht.toml",
                 "ghi chu.txt", "phong/VP (1).xlsx", "phong/~$VP (1).xlsx", "phong/2025/KT.xls", ".git/x.xlsx"]:
        (tmp_path / name).write_bytes(b"x")
    found = [p.relative_to(tmp_path).as_posix() for p in discover(tmp_path)]
    assert found == ["A.xlsx", "b.xlsx", "ghi chu.txt", "phong/2025/KT.xls", "phong/VP (1).xlsx", "phong/~$VP (1).xlsx",
                     "~$b.xlsx"]  # Office lock files are listed (intake ignores them, saying why); system files are not


def test_non_workbook_files_become_ignored_records(tmp_path, read):
    (tmp_path / "ghi chu.txt").write_text("xin chào", encoding="utf-8")
    rec = read(tmp_path / "ghi chu.txt")
    assert rec.kind is FileKind.UNKNOWN and rec.findings == [] and rec.ignored_reason
    assert rec.size == len("xin chào".encode()) and rec.sha256 and not rec.readable


def test_other_spreadsheet_formats_are_errors_that_say_what_to_send(tmp_path, read):
    (tmp_path / "VP.csv").write_bytes("\ufeffHọ và tên;Năm sinh\nAn;1980\n".encode("utf-8"))  # Excel's "CSV UTF-8"
    rec = read(tmp_path / "VP.csv")
    [error] = rec.errors
    assert error.code == "csv-not-accepted" and not rec.ignored_reason and rec.sha256
    assert "ba trang" in error.message and "Excel Workbook (*.xlsx)" in error.message and "LibreOffice" in error.message
    (tmp_path / "VP.xlsb").write_bytes(b"PK")
    assert [f.code for f in read(tmp_path / "VP.xlsb").errors] == ["unsupported-format"]


def test_lock_file_is_ignored_with_its_reason_and_workbook_is_read(tmp_path, config, rules):
    write_department(tmp_path / "VP.xlsx")
    (tmp_path / "~$VP.xlsx").write_bytes(b"\x05owner" + bytes(160))
    paths = discover(tmp_path)
    assert [p.name for p in paths] == ["VP.xlsx", "~$VP.xlsx"]
    assert read_file(paths[0], tmp_path, config, rules).errors == []
    lock = read_file(paths[1], tmp_path, config, rules)
    assert lock.findings == [] and lock.status is FileStatus.IGNORED and "tệp khóa tạm" in lock.ignored_reason


def test_cyclic_garbage_does_not_pile_up_while_reading(tmp_path, monkeypatch):
    """Reading pauses the automatic collector (speed); cycles a reader leaves (openpyxl's) are still
    collected every few files, not kept for the whole batch."""
    import gc
    import weakref

    from dvht_batch.intake import reading
    from dvht_batch.models import FileRecord

    class Node:
        pass

    made, most_alive = [], []

    def read_file(path, input_dir, config, rule_set):
        most_alive.append(sum(ref() is not None for ref in made))  # while reading, before this file
        node = Node()
        node.self = node  # a cycle: only the collector frees it
        made.append(weakref.ref(node))
        return FileRecord(path=path.name, source=path)

    monkeypatch.setattr(reading, "read_file", read_file)
    was_enabled = gc.isenabled()
    units = [(i, ("file", tmp_path / f"{i}.xlsx")) for i in range(100)]
    records = reading._read_units(units, tmp_path, None, None, lambda i: None)
    assert len(records) == 100 and gc.isenabled() == was_enabled
    assert max(most_alive) <= reading._COLLECT_EVERY
