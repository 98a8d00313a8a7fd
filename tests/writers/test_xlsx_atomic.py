"""atomic_write: temp file beside the target, os.replace, OutputLockedError when the target is held open."""
from __future__ import annotations

import os

import pytest

from dvht_batch.errors import DvhtError, NoAccessError, OutputLockedError
from dvht_batch.writers import atomic
from dvht_batch.writers.atomic import atomic_write
from dvht_batch.writers.xlsx_consolidated import write_consolidated
from dvht_batch.writers.xlsx_feedback import write_feedback


@pytest.fixture
def no_sleep(monkeypatch):
    monkeypatch.setattr(atomic.time, "sleep", lambda s: None)


def test_writes_through_a_temp_file_in_the_same_folder(tmp_path):
    seen = []

    def write(tmp):
        seen.append(tmp)
        tmp.write_bytes(b"new")

    target = tmp_path / "sub" / "out.xlsx"
    assert atomic_write(target, write) == target
    assert target.read_bytes() == b"new"
    assert seen[0].parent == target.parent and seen[0].suffix == ".xlsx" and seen[0] != target
    assert [p.name for p in target.parent.iterdir()] == ["out.xlsx"]


def test_temp_file_has_ordinary_permissions(tmp_path):
    if os.name != "posix":
        pytest.skip("POSIX permissions")
    atomic_write(tmp_path / "a.json", lambda tmp: tmp.write_text("{}"))
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "a.json").stat().st_mode & 0o777 == 0o666 & ~umask


def test_failure_in_write_fn_leaves_the_target_and_no_temp(tmp_path):
    target = tmp_path / "out.docx"
    target.write_bytes(b"old")

    def boom(tmp):
        tmp.write_bytes(b"half")
        raise ValueError("boom")

    with pytest.raises(ValueError):
        atomic_write(target, boom)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.docx"]


def test_locked_target_raises_output_locked_error(tmp_path, monkeypatch, no_sleep):
    target = tmp_path / "tong_hop.xlsx"
    target.write_bytes(b"old")
    calls = []

    def locked(src, dst):
        calls.append(dst)
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(atomic.os, "replace", locked)
    with pytest.raises(OutputLockedError) as info:
        atomic_write(target, lambda tmp: tmp.write_bytes(b"new"))
    message = str(info.value)
    assert "tong_hop.xlsx" in message and "đóng" in message and "Excel" in message
    assert isinstance(info.value, DvhtError) and isinstance(info.value.__cause__, PermissionError)
    assert len(calls) == len(atomic._RETRY_DELAYS) + 1  # retried briefly (virus scanners), then gave up
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["tong_hop.xlsx"]


def test_transient_lock_is_retried(tmp_path, monkeypatch, no_sleep):
    real_replace = os.replace
    attempts = []

    def flaky(src, dst):
        attempts.append(1)
        if len(attempts) == 1:
            raise PermissionError(13, "Permission denied")
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", flaky)
    atomic_write(tmp_path / "x.txt", lambda tmp: tmp.write_text("ok"))
    assert (tmp_path / "x.txt").read_text() == "ok" and len(attempts) == 2


def test_other_os_error_on_replace_is_also_locked(tmp_path, monkeypatch):
    def fails(src, dst):
        raise OSError(22, "Invalid argument")

    monkeypatch.setattr(atomic.os, "replace", fails)
    with pytest.raises(OutputLockedError):
        atomic_write(tmp_path / "x.txt", lambda tmp: tmp.write_text("ok"))
    assert list(tmp_path.iterdir()) == []


def test_unwritable_folder_raises_no_access_error(tmp_path, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.os, "open", denied)
    with pytest.raises(NoAccessError, match="quyền ghi"):
        atomic_write(tmp_path / "x.txt", lambda tmp: tmp.write_text("ok"))


def test_writers_report_a_locked_workbook(run_result, tmp_path, monkeypatch, no_sleep):
    def locked(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", locked)
    with pytest.raises(OutputLockedError, match="tong_hop.xlsx"):
        write_consolidated(run_result, tmp_path / "tong_hop.xlsx")
    rejected = next(f for f in run_result.files if f.path == "phong/TTR.xlsx")
    with pytest.raises(OutputLockedError, match="TTR_phan_hoi.xlsx"):
        write_feedback(rejected, tmp_path / "TTR_phan_hoi.xlsx")
    assert list(tmp_path.iterdir()) == []
