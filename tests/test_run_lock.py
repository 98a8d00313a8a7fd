"""One dvht command at a time per output folder, with real processes: a holder, a second command that
waits and fails naming it, a killed holder whose lock is taken over, two `dvht run` at once."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest

from builders import member, run_cli, write_config, write_department

from dvht_batch.errors import OutputBusyError
from dvht_batch.output.lock import HOLDER_NAME, LOCK_NAME, output_lock, read_holder

HOLD = """
import sys
from dvht_batch.output.lock import output_lock
with output_lock(sys.argv[1], sys.argv[2]):
    print("held", flush=True)
    sys.stdin.read()
"""


def input_folder(root: Path) -> Path:
    folder = root / "vao"
    folder.mkdir(parents=True)
    write_config(folder)
    write_department(folder / "VP.xlsx", [member("Nguyễn Văn An"), member("Lê Văn Tiến")])
    write_department(folder / "KT.xlsx", [member("Phạm Thị Lan")], ma_phong="KT", ten_phong="Phòng Kế toán")
    return folder


def hold(out: Path, command: str = "run") -> subprocess.Popen:
    """A process holding the output lock until its stdin closes."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(out), command], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def release(proc: subprocess.Popen) -> None:
    proc.stdin.close()
    assert proc.wait(timeout=60) == 0


def test_second_run_waits_then_fails_naming_the_holder(tmp_path):
    folder, out = input_folder(tmp_path), tmp_path / "ket_qua"
    holder = hold(out)
    try:
        proc = run_cli("run", folder, "--out", out, "-q")
        assert proc.returncode == 1, proc.stderr
        message = proc.stderr
        assert "đang được dùng bởi lệnh «dvht run»" in message
        assert f"trên máy {socket.gethostname()}, tiến trình số {holder.pid}" in message
        assert "bắt đầu lúc" in message and "Đã chờ 5 giây" in message and "Traceback" not in message
        assert "bắt đầu lúc không rõ" not in message  # the holder file's time, as the OS recorded it
        assert not (out / "2025-11").exists() and not (out / "dvht.sqlite").exists()
    finally:
        release(holder)
    assert not (out / HOLDER_NAME).exists()  # removed by its holder on the way out
    proc = run_cli("run", folder, "--out", out, "-q")
    assert proc.returncode == 0, proc.stderr
    assert (out / "2025-11" / "ket_qua.json").is_file()


def test_ke_hoach_nhan_thu_and_cong_nhan_take_the_lock(tmp_path):
    config, out = write_config(tmp_path), tmp_path / "ket_qua"
    holder = hold(out, "nhan-thu")
    try:
        plan = run_cli("ke-hoach", "--config", config, "--nam", "2026", "--out", out)
        assert plan.returncode == 1 and "«dvht nhan-thu»" in plan.stderr, plan.stderr
        assert not (out / "2026").exists()
        env = {**os.environ, "DVHT_IMAP_PASSWORD": "x"}
        mail = subprocess.run([sys.executable, "-m", "dvht_batch", "nhan-thu", "--host", "127.0.0.1", "--user", "u",
                               "--vao", str(tmp_path / "thu"), "--out", str(out)], capture_output=True, text=True,
                              encoding="utf-8", env=env, timeout=120)
        assert mail.returncode == 1 and "«dvht nhan-thu»" in mail.stderr, mail.stderr
        decision = run_cli("cong-nhan", "--so", "12/QĐ-UBND", "--ngay", "15/3/2024", "--muc-do", "1", "--co-quan",
                           "UBND tỉnh", "--out", out)
        assert decision.returncode == 1 and "«dvht nhan-thu»" in decision.stderr, decision.stderr
        assert not (out / "dvht.sqlite").exists()
    finally:
        release(holder)
    plan = run_cli("ke-hoach", "--config", config, "--nam", "2026", "--out", out)
    assert plan.returncode == 0, plan.stderr
    assert (out / "2026" / "ke_hoach_2026.docx").is_file()


def test_lock_of_a_killed_holder_is_taken_over(tmp_path):
    folder, out = input_folder(tmp_path), tmp_path / "ket_qua"
    holder = hold(out)
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=60)
    assert read_holder(out)["pid"] == holder.pid  # left behind by the killed run
    proc = run_cli("run", folder, "--out", out, "-q")
    assert proc.returncode == 0, proc.stderr
    assert not (out / HOLDER_NAME).exists()


ORPHAN = """
import json, socket, sys
from filelock import FileLock
lock = FileLock(sys.argv[1] + "/.dvht.lock")
lock.acquire()
with open(sys.argv[1] + "/.dvht.lock.json", "w") as f:
    json.dump({"host": socket.gethostname(), "pid": int(sys.argv[2]), "command": "run",
               "started": "2026-11-26T09:00:00+07:00"}, f)
print("held", flush=True)
sys.stdin.read()
"""


def test_stale_holder_is_taken_over_even_while_its_lock_is_held(tmp_path):
    """A child that outlived a killed run still holds the OS lock; the recorded holder is gone."""
    out = tmp_path / "ket_qua"
    out.mkdir()
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    orphan = subprocess.Popen([sys.executable, "-c", ORPHAN, str(out), gone.stdout.strip()], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert orphan.stdout.readline().strip() == "held"
        with output_lock(out, "run", wait_seconds=0.5) as me:
            assert me["pid"] == os.getpid() and read_holder(out)["pid"] == os.getpid()
    finally:
        orphan.stdin.close()
        orphan.wait(timeout=60)


def test_a_live_holder_of_another_host_is_never_taken_over(tmp_path):
    out = tmp_path / "ket_qua"
    holder = hold(out)
    try:
        record = read_holder(out)
        (out / HOLDER_NAME).write_text(json.dumps({**record, "host": "may-khac", "pid": 1}), encoding="utf-8")
        with pytest.raises(OutputBusyError, match="trên máy may-khac") as caught:
            with output_lock(out, "run", wait_seconds=0.3):
                pass
        assert caught.value.holder["host"] == "may-khac"
    finally:
        release(holder)


def test_reentrant_in_one_thread_and_another_thread_waits(tmp_path):
    out = tmp_path / "ket_qua"
    failures = []

    def other_thread():
        try:
            with output_lock(out, "ke-hoach", wait_seconds=0.2):
                pass
        except OutputBusyError as exc:
            failures.append(exc)

    with output_lock(out, "run"):
        with output_lock(out, "run") as inner:  # the CLI holds it, period_outputs.write_outputs takes it again
            assert inner["pid"] == os.getpid()
        assert read_holder(out)["pid"] == os.getpid()  # still held after the inner block
        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join()
    assert len(failures) == 1 and f"tiến trình số {os.getpid()}" in str(failures[0])
    assert not (out / HOLDER_NAME).exists()


def run_ids(period_folder: Path) -> dict[str, str]:
    """Every .docx/.xlsx of a period folder → its dvht_run_id custom property."""
    found = {}
    for path in sorted(period_folder.rglob("*")):
        if path.suffix in (".docx", ".xlsx"):
            with zipfile.ZipFile(path) as z:
                custom = z.read("docProps/custom.xml").decode("utf-8")
            start = custom.index('name="dvht_run_id"')
            found[str(path.relative_to(period_folder))] = custom[custom.index("<vt:lpwstr", start):].split(">")[1] \
                .split("<")[0]
    return found


def test_two_runs_at_once_leave_one_whole_output_set(tmp_path):
    import sqlite3

    folder, out = input_folder(tmp_path), tmp_path / "ket_qua"
    write_department(folder / "TCHC.xlsx", [member("Đặng Thu Hà", **{"Tuân thủ kỷ luật": "hmm"})], ma_phong="TCHC",
                     ten_phong="Phòng Tổ chức hành chính")  # rejected: a feedback workbook too
    cmd = [sys.executable, "-m", "dvht_batch", "run", str(folder), "--out", str(out), "-q"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
             for _ in range(2)]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert any(code == 0 for code, _ in results), results
    for code, err in results:
        assert code == 0 or (code == 1 and "đang được dùng bởi lệnh «dvht run»" in err), err
    period = out / "2025-11"
    run_id = json.loads((period / "ket_qua.json").read_text(encoding="utf-8"))["run_id"]
    ids = run_ids(period)
    assert "tong_hop.xlsx" in ids and "bao_cao_don_vi.docx" in ids and any(k.startswith("phan_hoi") for k in ids)
    assert set(ids.values()) == {run_id}
    with sqlite3.connect(out / "dvht.sqlite") as conn:
        assert conn.execute("SELECT run_key FROM runs WHERE period = '2025-11' ORDER BY id DESC").fetchone() == (run_id,)
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) in (
        [LOCK_NAME], [])  # no staging, old or journal left
