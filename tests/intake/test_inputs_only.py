"""Inputs are only inputs (intake/discover.py, intake/unreadable.py): what `dvht` wrote, found inside the input
folder, is skipped and named; a file that is not a regular file is never opened, and is listed as unusable
for the department its name tells."""
from __future__ import annotations

import json
import os
import shutil
import socket

from builders import member, run_cli, write_config, write_department

DEPARTMENTS = (("VP", "Văn phòng"), ("KT", "Phòng Kế toán"), ("TCHC", "Phòng Tổ chức"), ("TTR", "Thanh tra"))


def make_input(folder):
    folder.mkdir(parents=True, exist_ok=True)
    write_config(folder, departments=DEPARTMENTS)
    write_department(folder / "VP_2025-11.xlsx", [member("Nguyễn Văn An"), member("Trần Thị Bình")])
    write_department(folder / "KT_2025-11.xlsx", [member("Lê Văn Cường")], ma_phong="KT")
    return folder


def result_of(out):
    return json.loads((out / "2025-11" / "ket_qua.json").read_text(encoding="utf-8"))


def test_an_output_folder_copied_into_the_input_folder_is_not_read_back(tmp_path):
    source = make_input(tmp_path / "in")
    first = run_cli("run", source, "--out", tmp_path / "out")
    assert first.returncode == 0, first.stderr
    # the whole OUT folder (ledger, archive, period folder) copied into the input folder, as the probe did,
    # and a lone archive folder and a stray staging folder beside it
    shutil.copytree(tmp_path / "out", source / "OUT")
    shutil.copytree(tmp_path / "out" / "luu_tru", source / "cu" / "TCHC" / "luu_tru")
    shutil.copytree(tmp_path / "out" / "2025-11", source / "cu" / "2025-11")
    shutil.copytree(tmp_path / "out" / "2025-11", source / ".staging-2025-11-20251130-101010-0123abcd")
    shutil.copy(tmp_path / "out" / "dvht.sqlite", source / "dvht.sqlite")

    done = run_cli("run", source, "--out", tmp_path / "out2")
    assert done.returncode == 0, done.stderr
    for name in ("OUT/", "cu/TCHC/", "cu/2025-11/", ".staging-2025-11-20251130-101010-0123abcd/", "dvht.sqlite"):
        assert f"  {name} — " in done.stdout, (name, done.stdout)
    assert "OUT/ — do dvht ghi (thư mục kết quả, có sổ theo dõi hoặc kho lưu trữ), không đọc lại làm bài nộp" \
        in done.stdout
    files = {f["path"]: f for f in result_of(tmp_path / "out2")["files"]}
    used = sorted(p for p, f in files.items() if f["status"] == "accepted")
    assert used == ["KT_2025-11.xlsx", "VP_2025-11.xlsx"]  # not archive copies `luu_tru/…/<sha256>.xlsx`
    assert not [p for p in files if "luu_tru" in p and not p.endswith("/")]
    assert files["OUT/"]["status"] == "ignored"


def test_the_run_own_output_inside_the_input_folder_is_left_out_silently(tmp_path):
    source = make_input(tmp_path / "in")
    for _ in range(2):
        done = run_cli("run", source, "--out", source / "OUT")
        assert done.returncode == 0, done.stderr
    assert "  OUT/ — " not in done.stdout and "bỏ qua (không phải bài nộp)" not in done.stdout
    files = [f["path"] for f in json.loads((source / "OUT" / "2025-11" / "ket_qua.json").read_text("utf-8"))["files"]]
    assert sorted(files) == ["KT_2025-11.xlsx", "VP_2025-11.xlsx"]


def test_files_that_are_not_regular_files_are_named_and_counted_for_their_department(tmp_path):
    source = make_input(tmp_path / "in")
    os.mkfifo(source / "TCHC_2025-11.xlsx")           # would hang a reader that opens it
    (source / "TTR_2025-11.xlsx").symlink_to(source / "gone.xlsx")   # dangling
    (source / "loop.xlsx").symlink_to(source / "loop.xlsx")          # looping
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(source / "ghi.sock"))
    try:
        done = run_cli("run", source, "--out", tmp_path / "out", timeout=120)
    finally:
        sock.close()
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "TCHC_2025-11.xlsx — Không dùng được: mục này là một đường ống (FIFO), không phải tệp thường" in out
    assert "[tính cho phòng TCHC, theo tên tệp]" in out
    assert "TTR_2025-11.xlsx — Không dùng được: mục này là đường dẫn tắt (liên kết) trỏ tới tệp không còn" in out
    assert "loop.xlsx — Không dùng được: mục này là đường dẫn tắt (liên kết) vòng lặp" in out
    assert "ghi.sock — Không dùng được: mục này là một socket" in out
    result = result_of(tmp_path / "out")
    status = {d["code"]: d["status"] for d in result["departments"]}
    assert status == {"VP": "accepted", "KT": "accepted", "TCHC": "rejected", "TTR": "rejected"}
    files = {f["path"]: f["status"] for f in result["files"]}
    assert files["TCHC_2025-11.xlsx"] == "rejected" and files["loop.xlsx"] == "rejected"


def test_a_fifo_given_to_the_reader_directly_is_not_opened(tmp_path, config, rules):
    """Discovery leaves FIFOs out; a FIFO that took a workbook's place since, or given to read_file by another
    caller, is refused from its status, never opened (opening a FIFO waits for a writer for ever)."""
    from dvht_batch.intake import read_file

    os.mkfifo(tmp_path / "TCHC.xlsx")
    record = read_file(tmp_path / "TCHC.xlsx", tmp_path, config, rules)
    [error] = record.errors
    assert error.code == "not-a-regular-file" and "đường ống (FIFO)" in error.message
