"""Whatever command comes after a killed `dvht run` finishes its swap (or puts the folder back) and says so.

`dvht run` is killed with strace (the harness of test_swap_kills.py) right after the ledger committed it,
before OUT/2025-11/ is in place; then one other command runs through the real CLI — `nhan-thu` (whose
server does not answer), `gui-thu`, `cong-nhan`, `templates --prefill`, `lich-su` — or the web app's
Lịch sử page. Each must leave OUT/2025-11/ on the ledger's run with the office's files kept, and name the
run it finished and the clerk's two files set aside (where they were, where they are now).
`lich-su` on a folder another command holds reads and does not wait.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from builders import run_cli, write_config
from test_swap_kills import (EDITED, OFFICE_TOP, PERIOD, STEPS, folder_run, kill_run_at, ledger_run, make_base, office_files_kept,
                             pytestmark, settled_as_told, traced_points)

HIDDEN = (".staging-", ".old-", ".swap-")
__all__ = ["pytestmark"]  # skipped where strace cannot trace, as test_swap_kills


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> tuple[Path, Path, str]:
    return make_base(tmp_path_factory.mktemp("kills"))


@pytest.fixture(scope="module")
def points(base, tmp_path_factory):
    return traced_points(base, tmp_path_factory.mktemp("dry"))


def closed_port() -> int:
    """A port of this machine nobody listens on (taken from the OS, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def mail_config(folder: Path) -> Path:
    """dvht.toml with the same departments and a [thu_di] table (drafts only: no server needed)."""
    folder.mkdir()
    return write_config(folder, thu_di={"dia_chi_gui": "vanphong@stc.test", "ten_nguoi_gui": "Văn phòng"})


def command(name: str, base, out: Path, scratch: Path) -> list:
    folder = base[0]
    return {
        "nhan-thu": ["nhan-thu", "--host", "127.0.0.1", "--port", closed_port(), "--user", "vp", "--vao",
                     scratch / "thu", "--out", out],
        "gui-thu": ["gui-thu", "--config", mail_config(scratch / "cau_hinh"), "--period", PERIOD, "--loai",
                    "ket-qua", "--out", out],
        "cong-nhan": ["cong-nhan", "--so", "12/QĐ-UBND", "--ngay", "15/3/2024", "--muc-do", "1", "--co-quan",
                      "Chủ tịch Ủy ban nhân dân tỉnh", "--out", out],
        "templates --prefill": ["templates", "--config", folder / "dvht.toml", "--period", "2025-12", "--out",
                                scratch / "mau", "--prefill", "--ket-qua", out],
        "lich-su": ["lich-su", "--out", out],
    }[name]


def settled_on_the_killed_run(out: Path, killed: str) -> None:
    assert folder_run(out) == ledger_run(out) == killed
    office_files_kept(out)
    assert not [p.name for p in out.iterdir() if p.name.startswith(HIDDEN)]


@pytest.mark.parametrize("name", ["nhan-thu", "gui-thu", "cong-nhan", "templates --prefill", "lich-su"])
def test_the_next_command_of_any_kind_finishes_the_killed_swap_and_names_the_clerks_files(base, points, name,
                                                                                         tmp_path):
    point, out = STEPS["folder-in"](points), tmp_path / "ket_qua"
    killed = kill_run_at(base, point, out)
    assert killed is not None and not (out / PERIOD).exists()  # committed, the folder not yet in place
    after = subprocess.run([sys.executable, "-m", "dvht_batch", *map(str, command(name, base, out, tmp_path))],
                           capture_output=True, text=True, encoding="utf-8", timeout=300,
                           env={**os.environ, "DVHT_IMAP_PASSWORD": "khong-dung"})
    # nhan-thu: the server does not answer (exit 1), the folder was settled all the same, and said before it
    assert after.returncode == (1 if name == "nhan-thu" else 0), (after.stdout, after.stderr)
    settled_on_the_killed_run(out, killed)
    settled_as_told(after, killed, point)


def test_lich_su_reads_a_folder_another_command_holds_and_settles_it_once_free(base, points, tmp_path):
    out = tmp_path / "ket_qua"
    killed = kill_run_at(base, STEPS["folder-in"](points), out)
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(out)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        busy = run_cli("lich-su", "--out", out, timeout=60)
        assert busy.returncode == 0, busy.stderr
        assert "Tổng" in busy.stdout and "Lần chạy" not in busy.stdout  # read, not settled: the folder is busy
        assert list(out.glob(".swap-*.json")) and not (out / PERIOD).exists()
    finally:
        holder.kill()
        holder.wait()
    free = run_cli("lich-su", "--out", out)
    assert free.returncode == 0, free.stderr
    settled_on_the_killed_run(out, killed)
    settled_as_told(free, killed, STEPS["folder-in"](points))


# another command holding the folder (the lock and its holder file; not output_lock, which would settle the folder)
HOLD = """
import sys, time
from pathlib import Path
from filelock import FileLock
from dvht_batch.output import lock

with FileLock(Path(sys.argv[1]) / lock.LOCK_NAME):
    lock._write_holder(Path(sys.argv[1]), "nhan-thu")  # who holds it, as output_lock writes it
    print("held", flush=True)
    time.sleep(120)
"""


def test_the_web_page_names_what_it_settled(base, points, tmp_path):
    from starlette.testclient import TestClient

    from dvht_batch import pipeline
    from dvht_batch.web.app import Settings, create_app

    out = tmp_path / "ket_qua"
    killed = kill_run_at(base, STEPS["folder-in"](points), out)
    config, rule_set = pipeline.load_setup(base[0] / "dvht.toml", None)
    settings = Settings(config, rule_set, base[0] / "dvht.toml", out, tmp_path / "vao")
    origin = f"http://127.0.0.1:{settings.port}"
    with TestClient(create_app(settings), base_url=origin, headers={"Origin": origin}) as c:
        assert c.get(f"/?token={settings.token}", follow_redirects=False).status_code == 303
        page = c.get("/lich-su").text
        again = c.get("/lich-su").text
    settled_on_the_killed_run(out, killed)
    assert 'id="settle-notes"' in page and f"Lần chạy {killed} của kỳ {PERIOD}" in page
    for where in ("tong_hop.xlsx", "phan_hoi/x_da_ky.pdf"):
        assert f"{PERIOD}/{where} → " in page and f"{PERIOD}/da_sua_tay/{killed}/{where}" in page
    assert 'id="settle-notes"' not in again  # told once


@pytest.mark.parametrize("step", ["ledger-journal", "folder-in"])
def test_a_folder_the_clerk_made_while_the_period_folder_was_away_is_kept_and_named(base, points, step, tmp_path):
    """Killed while OUT/2025-11/ was away (before the commit, or after it), the clerk makes the folder again and
    saves files in it — one named like an output and like the clerk's edited copy. The next command puts the
    period folder back (or in) and keeps the clerk's new folder whole in da_sua_tay/<killed run>/, named."""
    point, out = STEPS[step](points), tmp_path / "ket_qua"
    killed = kill_run_at(base, point, out)
    assert killed is not None and not (out / PERIOD).exists()
    (out / PERIOD).mkdir()
    (out / PERIOD / "moi.txt").write_text("ghi chú mới", encoding="utf-8")
    (out / PERIOD / "tong_hop.xlsx").write_bytes(b"ban chep cua van phong")
    after = run_cli("lich-su", "--out", out)
    assert after.returncode == 0, after.stderr
    assert folder_run(out) == ledger_run(out) == (killed if point.after_commit else base[2])
    assert not [p.name for p in out.iterdir() if p.name.startswith(HIDDEN)]
    period, aside = out / PERIOD, f"{PERIOD}/da_sua_tay/{killed}"
    assert (period / "da_sua_tay" / killed / "moi.txt").read_text(encoding="utf-8") == "ghi chú mới"
    assert (period / "da_sua_tay" / killed / "tong_hop.xlsx").read_bytes() == b"ban chep cua van phong"
    for name, data in OFFICE_TOP.items():
        assert (period / name).read_bytes() == data
    edited = period / "da_sua_tay" / killed / "tong_hop (2).xlsx" if point.after_commit else period / "tong_hop.xlsx"
    assert edited.read_bytes() == EDITED  # the clerk's corrected workbook, beside the copy of the same name
    kept = [line for line in after.stdout.splitlines() if line.startswith("Giữ lại tệp của Văn phòng")]
    assert any(f"{PERIOD}/moi.txt → " in line and line.endswith(f"{aside}/moi.txt.") for line in kept), kept
    assert len(kept) == (4 if point.after_commit else 2), kept  # with the edited workbook and the signed scan


# a run that has let the folder go and not yet named the clerk's files (as `dvht run` between its swap and its
# summary): run_period returned, period_outputs.told not yet called
TELLING = """
import sys, time
from datetime import datetime
from pathlib import Path
from dvht_batch import pipeline

request = pipeline.RunRequest(Path(sys.argv[1]), Path(sys.argv[2]), documents=False)
done = pipeline.run_period(request, clock=lambda: datetime(2026, 1, 10, 9, 30))
print(done.outputs.run.run_id, flush=True)
time.sleep(120)
"""


def test_a_run_still_naming_the_clerks_files_is_not_taken_for_a_killed_one(base, tmp_path):
    """Between its swap and its summary a run has let the folder go: another command then must not call it
    killed nor name its files for it; once it is really gone without naming them, the next command does."""
    folder, base_out, _ = base
    out = tmp_path / "ket_qua"
    shutil.copytree(base_out, out)
    telling = subprocess.Popen([sys.executable, "-c", TELLING, str(folder), str(out)], stdout=subprocess.PIPE,
                               text=True)
    try:
        run_id = telling.stdout.readline().strip()
        assert run_id and folder_run(out) == ledger_run(out) == run_id
        meanwhile = run_cli("lich-su", "--out", out)
        assert meanwhile.returncode == 0, meanwhile.stderr
        assert "Lần chạy" not in meanwhile.stdout and "Giữ lại tệp" not in meanwhile.stdout, meanwhile.stdout
        assert list(out.glob(".swap-*.json"))  # its own to remove once it has named them
    finally:
        telling.kill()
        telling.wait()
    after = run_cli("lich-su", "--out", out)
    assert after.returncode == 0, after.stderr
    assert f"Lần chạy {run_id} của kỳ {PERIOD} đã bị dừng giữa chừng sau khi đã ghi vào sổ" in after.stdout
    assert after.stdout.count(f"/da_sua_tay/{run_id}/") == 2, after.stdout
    assert not list(out.glob(".swap-*.json"))


def test_dvht_giao_dien_settles_when_it_starts_and_its_first_page_says_so(base, points, tmp_path):
    import http.cookiejar
    import urllib.request

    out = tmp_path / "ket_qua"
    killed = kill_run_at(base, STEPS["folder-in"](points), out)
    server = subprocess.Popen([sys.executable, "-m", "dvht_batch", "giao-dien", "--config", base[0] / "dvht.toml",
                               "--out", out, "--vao", tmp_path / "vao", "--port", "0", "--no-browser"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
                              env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        first = server.stdout.readline()
        assert "http://127.0.0.1:" in first, first
        settled_on_the_killed_run(out, killed)  # before the board is ever shown
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        with opener.open(first.split(": ", 1)[1].strip(), timeout=60) as response:  # the token, then the board
            page = response.read().decode("utf-8")
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert 'id="settle-notes"' in page and f"Lần chạy {killed} của kỳ {PERIOD}" in page
    assert page.count(f"{PERIOD}/da_sua_tay/{killed}/") == 2
