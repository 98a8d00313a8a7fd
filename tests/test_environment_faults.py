"""Faults of the machine get a Vietnamese message, never "Lỗi không mong đợi" or a traceback
(dvht_batch/system/os_faults.py, writers/atomic.py, intake/discover.py, intake/unreadable.py, cli._guard).

Tests run as root here, and root ignores file permissions. A child that must meet them is run as
root *without* the capabilities that bypass permissions (`setpriv --bounding-set=-dac_override,
-dac_read_search`): it then gets EACCES like any user. A full disk is a small tmpfs mounted for the test.
"""
from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from builders import member, run_cli, write_config, write_department

from dvht_batch.errors import DiskFullError, EnvironmentFault, NoAccessError, NotAFolderError
from dvht_batch.system.os_faults import fault_from_os_error, find_os_error, printable
from dvht_batch.writers.atomic import atomic_write

DEPARTMENTS = (("VP", "Văn phòng"), ("KT", "Phòng Kế toán"), ("TCHC", "Phòng Tổ chức"), ("TTR", "Thanh tra"))
UNEXPECTED = ("Lỗi không mong đợi", "Traceback", "Error", "Errno")


def make_input(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_config(folder, departments=DEPARTMENTS)
    write_department(folder / "VP_2025-11.xlsx", [member("Nguyễn Văn An"), member("Trần Thị Bình")])
    write_department(folder / "KT_2025-11.xlsx", [member("Lê Văn Cường")], ma_phong="KT")
    return folder


def assert_clean_message(done: subprocess.CompletedProcess) -> None:
    for text in UNEXPECTED:
        assert text not in done.stdout + done.stderr, done.stderr


def _capabilities_dropped() -> list[str] | None:
    """The prefix that runs a child under file permissions, or None when this machine cannot."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search"]


def run_bound_by_permissions(tmp_path: Path, *args) -> subprocess.CompletedProcess:
    prefix = _capabilities_dropped()
    if prefix is None:
        pytest.skip("running as root without setpriv: file permissions cannot be made to apply")
    probe = tmp_path / "probe"
    probe.write_text("x")
    probe.chmod(0)
    try:
        readable = subprocess.run([*prefix, sys.executable, "-c", f"open({str(probe)!r}).read()"],
                                  capture_output=True).returncode == 0
    finally:
        probe.chmod(0o644)
    if readable:
        pytest.skip("this machine lets the child read a mode-000 file: permissions cannot be tested")
    return subprocess.run([*prefix, sys.executable, "-m", "dvht_batch", *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


@contextmanager
def tmpfs(mount_point: Path, options: str):
    """A tmpfs mounted at `mount_point` with `options` (size, ro) for the block; skip where not allowed."""
    mount_point.mkdir()
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root on Linux")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", mount_point], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"this machine does not allow mounting a tmpfs: {mounted.stderr.decode(errors='replace')}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", mount_point])


# --------------------------------------------------------------------------- output folder


def test_output_under_a_regular_file(tmp_path):
    source = make_input(tmp_path / "in")
    (tmp_path / "a_file").write_text("not a folder")
    done = run_cli("run", source, "--out", tmp_path / "a_file" / "ket_qua", "-q")
    assert done.returncode == 1, done.stderr
    assert f"'{tmp_path / 'a_file'}' là một tệp, không phải thư mục" in done.stderr
    assert_clean_message(done)


def test_output_folder_without_write_permission(tmp_path):
    source = make_input(tmp_path / "in")
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        done = run_bound_by_permissions(tmp_path, "run", source, "--out", out, "-q")
    finally:
        out.chmod(0o755)
    assert done.returncode == 1, done.stderr
    assert "Không ghi được" in done.stderr and "không có quyền truy cập" in done.stderr and "--out" in done.stderr
    assert_clean_message(done)
    assert list(out.iterdir()) == []


def test_output_folder_made_immutable(tmp_path):
    source = make_input(tmp_path / "in")
    out = tmp_path / "out"
    (out / "2025-11").mkdir(parents=True)
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", out / "2025-11"]).returncode != 0:
        pytest.skip("chattr +i is not available on this file system")
    try:
        done = run_cli("run", source, "--out", out, "-q")
    finally:
        subprocess.run(["chattr", "-i", out / "2025-11"])
    assert done.returncode == 1, done.stderr
    assert f"Không ghi được '{out / '2025-11'}'" in done.stderr and "không được phép" in done.stderr
    assert_clean_message(done)
    assert list((out / "2025-11").iterdir()) == []


@pytest.mark.parametrize("command", [["templates", "--blank"], ["ke-hoach", "--nam", "2026"],
                                     ["templates", "--period", "2025-11"]])
def test_other_writing_commands_under_a_regular_file(tmp_path, command):
    make_input(tmp_path)
    (tmp_path / "a_file").write_text("not a folder")
    done = run_cli(*command, "--out", tmp_path / "a_file" / "mau", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert f"'{tmp_path / 'a_file'}' là một tệp, không phải thư mục" in done.stderr
    assert_clean_message(done)


def test_read_only_file_system(tmp_path):
    source = make_input(tmp_path / "in")
    with tmpfs(tmp_path / "ro", "ro,size=1m") as mount_point:
        done = run_cli("run", source, "--out", mount_point / "ket_qua", "-q")
    assert done.returncode == 1, done.stderr
    assert f"Không ghi được '{mount_point / 'ket_qua'}': ổ đĩa chỉ cho đọc" in done.stderr
    assert_clean_message(done)


# --------------------------------------------------------------------------- full disk


@pytest.fixture
def small_disk(tmp_path):
    with tmpfs(tmp_path / "disk", "size=2m") as mount_point:
        yield mount_point


def _fill(mount_point: Path, leave: int) -> None:
    stats = os.statvfs(mount_point)
    free = stats.f_bavail * stats.f_frsize
    with open(mount_point / "filler.bin", "wb") as f:
        f.write(b"\0" * max(0, free - leave))


def test_full_disk_leaves_complete_files_and_no_temporary_ones(tmp_path, small_disk):
    source = make_input(tmp_path / "in")
    out = small_disk / "ket_qua"
    first = run_cli("run", source, "--out", out, "-q")
    assert first.returncode == 0, first.stderr
    before = json.loads((out / "2025-11" / "ket_qua.json").read_text(encoding="utf-8"))

    write_department(source / "TCHC_2025-11.xlsx", [member("Phạm Thị Dung")], ma_phong="TCHC")
    _fill(small_disk, leave=8 * 1024)
    done = run_cli("run", source, "--out", out, "-q")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "ổ đĩa đã đầy" in done.stderr or "disk is full" in done.stderr, done.stderr
    assert_clean_message(done)

    leftovers = [p.name for p in out.rglob("*") if ".tmp" in p.name]
    assert leftovers == []
    for path in (out / "2025-11").rglob("*"):
        if path.suffix in (".xlsx", ".docx"):
            with zipfile.ZipFile(path) as package:
                assert package.testzip() is None, path
    after = json.loads((out / "2025-11" / "ket_qua.json").read_text(encoding="utf-8"))
    assert after == before  # the failed run stopped before ket_qua.json: the earlier one is whole


# --------------------------------------------------------------------------- unreadable inputs


def test_unreadable_file_and_subfolder_are_named_and_the_run_goes_on(tmp_path):
    source = make_input(tmp_path / "in")
    locked_file = write_department(source / "TCHC_thang_11.xlsx", [member("Phạm Thị Dung")], ma_phong="TCHC")
    locked_folder = source / "TTR"
    locked_folder.mkdir()
    write_department(locked_folder / "bao_cao.xlsx", [member("Võ Văn Em")], ma_phong="TTR")
    locked_file.chmod(0)
    locked_folder.chmod(0)
    try:
        done = run_bound_by_permissions(tmp_path, "run", source, "--out", tmp_path / "out")
    finally:
        locked_folder.chmod(0o755)
        locked_file.chmod(0o644)
    assert done.returncode == 0, done.stderr
    assert_clean_message(done)
    assert "TCHC_thang_11.xlsx — Không đọc được tệp: không có quyền truy cập" in done.stdout
    assert "TTR/ — Không đọc được thư mục con 'TTR': không có quyền truy cập" in done.stdout

    result = json.loads((tmp_path / "out" / "2025-11" / "ket_qua.json").read_text(encoding="utf-8"))
    files = {f["path"]: f for f in result["files"]}
    assert files["TCHC_thang_11.xlsx"]["status"] == "rejected"
    assert files["TTR/"]["status"] == "rejected"
    status = {d["code"]: d["status"] for d in result["departments"]}
    assert status == {"VP": "accepted", "KT": "accepted", "TCHC": "rejected", "TTR": "rejected"}


def test_unreadable_input_folder_is_an_environment_fault(tmp_path):
    source = make_input(tmp_path / "in")
    config = tmp_path / "dvht.toml"
    shutil.copy(source / "dvht.toml", config)
    source.chmod(0)
    try:
        done = run_bound_by_permissions(tmp_path, "run", source, "--config", config, "--out", tmp_path / "out")
    finally:
        source.chmod(0o755)
    assert done.returncode == 1, done.stderr
    assert f"Không đọc được '{source}': không có quyền truy cập" in done.stderr
    assert_clean_message(done)


@pytest.mark.skipif(sys.platform != "linux", reason="file names are bytes on Linux only")
def test_file_name_that_is_not_utf8(tmp_path):
    source = make_input(tmp_path / "in")
    raw = os.fsencode(source) + b"/TCHC_\xff\xfe th\xe1ng 11.xlsx"
    try:
        write_department(Path(os.fsdecode(raw)), [member("Phạm Thị Dung")], ma_phong="TCHC")
    except OSError as exc:
        pytest.skip(f"the file system refuses a non-UTF-8 name: {exc}")
    done = run_cli("run", source, "--out", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert_clean_message(done)
    shown = "TCHC_\\xff\\xfe th\\xe1ng 11.xlsx"
    assert f"Lưu ý {shown} — Tên tệp có ký tự không đọc được" in done.stdout
    result = json.loads((tmp_path / "out" / "2025-11" / "ket_qua.json").read_text(encoding="utf-8"))
    record = next(f for f in result["files"] if f["path"] == shown)
    assert record["status"] == "accepted"
    assert {d["code"]: d["status"] for d in result["departments"]}["TCHC"] == "accepted"


# --------------------------------------------------------------------------- the mapping itself


@pytest.mark.parametrize("code, kind, words", [
    (errno.EACCES, NoAccessError, "không có quyền truy cập"),
    (errno.EPERM, NoAccessError, "không được phép"),
    (errno.EROFS, NoAccessError, "chỉ cho đọc"),
    (errno.ENOSPC, DiskFullError, "ổ đĩa đã đầy"),
    (errno.EIO, EnvironmentFault, "lỗi đọc/ghi của ổ đĩa"),
])
def test_os_errors_become_vietnamese_faults(code, kind, words, tmp_path):
    fault = fault_from_os_error(OSError(code, os.strerror(code), str(tmp_path / "x")))
    assert type(fault) is kind and words in str(fault) and f"'{tmp_path / 'x'}'" in str(fault)


def test_not_a_folder_names_the_file_in_the_way(tmp_path):
    (tmp_path / "f").write_text("x")
    fault = fault_from_os_error(OSError(errno.ENOTDIR, "Not a directory", str(tmp_path / "f" / "a" / "b")))
    assert isinstance(fault, NotAFolderError) and f"'{tmp_path / 'f'}' là một tệp" in str(fault)


def test_wrapped_os_errors_are_found_and_names_made_printable():
    class LibraryError(Exception):
        pass

    inner = OSError(errno.ENOSPC, "No space left on device")
    assert find_os_error(LibraryError(inner)) is inner
    try:
        try:
            raise inner
        except OSError:
            raise ValueError("while saving")
    except ValueError as exc:
        assert find_os_error(exc) is inner
    assert find_os_error(ValueError("bug")) is None
    assert printable(os.fsdecode(b"a\xffb.xlsx")) == "a\\xffb.xlsx" and printable("Đà Nẵng") == "Đà Nẵng"


def test_atomic_write_on_a_full_disk_keeps_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "tong_hop.xlsx"
    target.write_bytes(b"complete earlier output")

    def fills_the_disk(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(DiskFullError, match="ổ đĩa đã đầy") as info:
        atomic_write(target, fills_the_disk)
    assert "tong_hop.xlsx" in str(info.value)
    assert target.read_bytes() == b"complete earlier output"
    assert [p.name for p in tmp_path.iterdir()] == ["tong_hop.xlsx"]


@pytest.mark.skipif(sys.platform != "linux", reason="file names are bytes on Linux only")
def test_input_and_output_folders_whose_names_are_not_utf8(tmp_path):
    try:
        source = make_input(Path(os.fsdecode(os.fsencode(tmp_path) + b"/th\xe1ng 11")))
    except OSError as exc:
        pytest.skip(f"the file system refuses a non-UTF-8 name: {exc}")
    out = Path(os.fsdecode(os.fsencode(tmp_path) + b"/k\xe9t qu\xe1"))
    done = run_cli("run", source, "--out", out)
    assert done.returncode == 0, done.stderr
    assert_clean_message(done)
    assert f"Kết quả đã ghi vào: {tmp_path}/k\\xe9t qu\\xe1/2025-11" in done.stdout
    assert (out / "2025-11" / "ket_qua.json").is_file()


def test_messages_name_the_period_folder_not_the_hidden_staging_folder(tmp_path):
    """A fault while the run writes into OUT/.staging-<period>-<run id>/ names OUT/<period>/, the folder the clerk knows."""
    import errno

    from dvht_batch.system.os_faults import fault_from_os_error

    staging = tmp_path / ".staging-2025-11-20261126-150102-a1b2c3d4" / "tong_hop.xlsx"
    fault = fault_from_os_error(OSError(errno.ENOSPC, "No space left on device", str(staging)))
    assert str(tmp_path / "2025-11" / "tong_hop.xlsx") in str(fault) and ".staging" not in str(fault)
