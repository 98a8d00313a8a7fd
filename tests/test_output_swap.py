"""A period's outputs replaced as a whole, the ledger in step with the folder, and what killed runs leave
behind cleaned up (real CLI runs, real files, real SIGKILL)."""
from __future__ import annotations

import json
import re
import signal
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from builders import RUN_AT, member, run_cli, write_config, write_department, write_run

from dvht_batch import pipeline
from dvht_batch.output import period_swap as output_folder
from dvht_batch.setup.config import load_config
from dvht_batch.errors import OutputLockedError
from dvht_batch.period import Period
from dvht_batch.rules import load_rule_set

NOV = Period(2025, 11)


def input_folder(root: Path) -> Path:
    folder = root / "vao"
    folder.mkdir(parents=True)
    write_config(folder)
    write_department(folder / "VP.xlsx", [member("Nguyễn Văn An"), member("Lê Văn Tiến")])
    write_department(folder / "KT.xlsx", [member("Phạm Thị Lan"), member("Hoàng Văn Nam")], ma_phong="KT",
                     ten_phong="Phòng Kế toán")
    write_department(folder / "TCHC.xlsx", [member("Đặng Thu Hà")], ma_phong="TCHC",
                     ten_phong="Phòng Tổ chức hành chính")
    return folder


def ledger(out: Path, sql: str, *args):
    with sqlite3.connect(out / "dvht.sqlite") as conn:
        return conn.execute(sql, args).fetchall()


def run_id(period_folder: Path) -> str:
    return json.loads((period_folder / "ket_qua.json").read_text(encoding="utf-8"))["run_id"]


def latest_run_key(out: Path) -> str:
    return ledger(out, "SELECT run_key FROM runs WHERE period = '2025-11' ORDER BY id DESC LIMIT 1")[0][0]


def hidden(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith(".") and p.name != ".dvht.lock")


def test_rerun_without_docx_after_an_input_was_removed(tmp_path):
    from dvht_batch.ledger.prefill import last_rosters

    folder, out = input_folder(tmp_path), tmp_path / "ket_qua"
    assert run_cli("run", folder, "--out", out, "-q").returncode == 0
    period = out / "2025-11"
    assert (period / "bao_cao_phong" / "bao_cao_TCHC.docx").is_file()
    (period / "ghi_chu_van_thu.txt").write_text("bản đã ký gửi ngày 06/12", encoding="utf-8")  # the clerk's own
    (folder / "TCHC.xlsx").unlink()
    proc = run_cli("run", folder, "--out", out, "-q", "--no-docx")
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in period.iterdir()) == ["ghi_chu_van_thu.txt", "ket_qua.json", "tong_hop.xlsx"]
    assert not list(period.rglob("*.docx")) and not list(period.rglob("*.pdf"))
    statuses = {d["code"]: d["status"] for d in json.loads((period / "ket_qua.json").read_text("utf-8"))["departments"]}
    assert statuses["TCHC"] == "missing"
    assert sorted(r[0] for r in ledger(out, "SELECT path FROM files WHERE run_period = '2025-11'")) == [
        "KT.xlsx", "VP.xlsx"]
    assert ledger(out, "SELECT status FROM departments WHERE period = '2025-11' AND department = 'TCHC'") == [
        ("missing",)]
    config = load_config(folder / "dvht.toml")
    rosters = last_rosters(out, config, load_rule_set("tt22-2020"), Period(2025, 12))
    assert sorted(rosters) == ["KT", "VP"]  # TCHC's removed file fills nothing
    assert hidden(out) == []


def workbook_cells(path: Path) -> dict:
    wb = load_workbook(path)
    stamp = re.compile(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}")
    return {ws.title: [[stamp.sub("<lúc>", v) if isinstance(v, str) else v for v in row]
                       for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def _untimed(xml: bytes) -> str:
    return re.sub(r"\d{1,2} giờ \d{2}", "<lúc>", xml.decode("utf-8"))


def comparable_json(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data.pop("run_id") and data.pop("generated_at")
    return data


def test_running_a_period_twice_gives_the_same_outputs(tmp_path):
    folder, out = input_folder(tmp_path), tmp_path / "ket_qua"
    write_department(folder / "sai.xlsx", [member("Võ Văn Sai", **{"Tuân thủ kỷ luật": "hmm"})])  # feedback too
    first, second = tmp_path / "lan_1", out / "2025-11"
    assert run_cli("run", folder, "--out", out, "-q").returncode == 0
    import shutil

    shutil.copytree(second, first)
    assert run_cli("run", folder, "--out", out, "-q").returncode == 0
    assert run_id(first) != run_id(second)
    assert comparable_json(first / "ket_qua.json") == comparable_json(second / "ket_qua.json")
    names = sorted(str(p.relative_to(first)) for p in first.rglob("*"))
    assert names == sorted(str(p.relative_to(second)) for p in second.rglob("*"))
    for name in names:
        if name.endswith(".xlsx"):
            assert workbook_cells(first / name) == workbook_cells(second / name), name
        elif name.endswith(".docx"):
            with zipfile.ZipFile(first / name) as a, zipfile.ZipFile(second / name) as b:
                # the time of the run ("tổng hợp lúc 21 giờ 00 ngày …"): two runs may straddle a minute
                assert _untimed(a.read("word/document.xml")) == _untimed(b.read("word/document.xml")), name
    assert len(ledger(out, "SELECT * FROM files WHERE run_period = '2025-11'")) == 4


@pytest.fixture()
def collected(tmp_path):
    folder = input_folder(tmp_path)
    config = load_config(folder / "dvht.toml")
    rules = load_rule_set("tt22-2020")
    return lambda: pipeline.collect(folder, config, rules, NOV, now=RUN_AT)


def test_a_blocked_swap_keeps_the_earlier_folder_and_ledger(collected, tmp_path, monkeypatch):
    """On Windows a file open in Excel blocks renaming its folder: the run fails with the usual message,
    the earlier outputs and the ledger stay as they were, nothing half done is left."""
    out = tmp_path / "ket_qua"
    write_run(collected(), out, documents=False)
    before = run_id(out / "2025-11")
    real = output_folder.replace_retrying

    def blocked(src, dst):
        if Path(src) == out / "2025-11":
            raise PermissionError(13, "The process cannot access the file")
        real(src, dst)

    monkeypatch.setattr(output_folder, "replace_retrying", blocked)
    monkeypatch.setattr(output_folder, "_open_file_in", lambda folder: folder / "tong_hop.xlsx")
    with pytest.raises(OutputLockedError, match=r"tong_hop\.xlsx.*Hãy đóng tệp đó rồi chạy lại"):
        write_run(collected(), out, documents=False)
    assert run_id(out / "2025-11") == before == latest_run_key(out)
    assert ledger(out, "SELECT count(*) FROM runs") == [(1,)]
    assert hidden(out) == []


@pytest.mark.parametrize("when", ["before", "after"])
def test_a_failed_commit_settles_on_what_the_ledger_has(collected, tmp_path, monkeypatch, when):
    """Stopped at the ledger's commit (Ctrl+C): before it, the earlier folder is back; after it, the new run is
    in place — either way the folder and the ledger agree and the office's file is kept."""
    from dvht_batch.ledger import runs

    out = tmp_path / "ket_qua"
    write_run(collected(), out, documents=False)
    before = run_id(out / "2025-11")
    (out / "2025-11" / "ke_hoach_2025.docx").write_bytes(b"not a run output")
    real = runs.record_run

    def interrupted(result, *args, **kwargs):
        if when == "after":
            real(result, *args, **kwargs)
        assert not (out / "2025-11").exists()  # out of the way during the commit
        raise KeyboardInterrupt

    monkeypatch.setattr(runs, "record_run", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_run(collected(), out, documents=False)
    assert run_id(out / "2025-11") == latest_run_key(out)
    assert (run_id(out / "2025-11") == before) == (when == "before")
    assert (out / "2025-11" / "ke_hoach_2025.docx").read_bytes() == b"not a run output"
    assert hidden(out) == []


KILLED = """
import os, signal, sys
from datetime import datetime
from pathlib import Path
from dvht_batch import pipeline
from dvht_batch import period_outputs
from dvht_batch.output import period_swap as output_folder
from dvht_batch.setup.config import load_config
from dvht_batch.period import Period
from dvht_batch.rules import load_rule_set

folder, out, step = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
real = getattr(output_folder.PeriodSwap, step)

def then_killed(self, *args, **kwargs):
    if step == "begin":  # the earlier folder out of the way, the ledger not committed
        real(self, *args, **kwargs)
    os.kill(os.getpid(), signal.SIGKILL)  # for "complete": committed, the new folder not yet in place

setattr(output_folder.PeriodSwap, step, then_killed)
request = pipeline.RunRequest(folder, out, folder / "dvht.toml", Period(2025, 11), documents=False)
pipeline.run_period(request, clock=lambda: datetime(2026, 1, 10, 9, 30))
"""


@pytest.mark.parametrize("step, survives", [("begin", "earlier"), ("complete", "killed")])
def test_a_run_killed_during_the_swap_is_settled_by_the_next_command(tmp_path, step, survives):
    """Killed before the ledger's commit: rolled back; after it: completed."""
    folder, out = input_folder(tmp_path), tmp_path / "ket_qua"
    assert run_cli("run", folder, "--out", out, "-q", "--no-docx").returncode == 0
    earlier = run_id(out / "2025-11")
    (out / "2025-11" / "ghi_chu.txt").write_text("giữ lại", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", KILLED, str(folder), str(out), step], capture_output=True, timeout=300)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    journals = [p for p in out.iterdir() if p.name.startswith(".swap-")]
    assert len(journals) == 1
    killed = json.loads(journals[0].read_text())["run_id"]
    assert not (out / "2025-11").exists()
    with pipeline.output_lock(out, "run"):  # taking the folder settles it (output.recovery)
        pass
    expected = earlier if survives == "earlier" else killed
    assert run_id(out / "2025-11") == expected == latest_run_key(out)
    assert (out / "2025-11" / "ghi_chu.txt").read_text(encoding="utf-8") == "giữ lại"
    assert hidden(out) == []


IN_THE_MIDDLE = """
import os, signal, sys
from datetime import datetime
from pathlib import Path
from dvht_batch.writers import atomic

real = atomic.replace_retrying

def killed_at_tong_hop(tmp, path):
    if Path(path).name == "tong_hop.xlsx":
        os.kill(os.getpid(), signal.SIGKILL)
    real(tmp, path)

atomic.replace_retrying = killed_at_tong_hop
from dvht_batch.cli import main
sys.argv = ["dvht", "run", sys.argv[1], "--out", sys.argv[2], "-q"]
main()
"""


def test_sigkill_mid_run_then_a_new_run_cleans_up(tmp_path):
    folder, out = input_folder(tmp_path), tmp_path / "ket_qua"
    assert run_cli("run", folder, "--out", out, "-q").returncode == 0
    earlier = run_id(out / "2025-11")
    (out / "2025-11" / ".giu_lai.txt").write_text("not ours", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", IN_THE_MIDDLE, str(folder), str(out)], capture_output=True,
                          timeout=300)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    staging = [p for p in out.iterdir() if p.name.startswith(".staging-")]
    assert len(staging) == 1 and list(staging[0].glob(".tong_hop.*.tmp.xlsx"))  # killed mid-write
    assert (out / ".dvht.lock.json").exists()
    assert run_id(out / "2025-11") == earlier  # the killed run never showed
    # what an earlier version killed while writing left in place, and a torn archive copy
    (out / "2025-11" / ".tong_hop.0a1b2c3d.tmp.xlsx").write_bytes(b"PK half")
    (out / "2025-11" / "bao_cao_phong" / ".bao_cao_VP.99aa00ff.tmp.docx").write_bytes(b"PK half")
    (out / "luu_tru" / "ab").mkdir(parents=True, exist_ok=True)
    (out / "luu_tru" / "ab" / ".tmp-k2j4h5g6").write_bytes(b"half")
    proc = run_cli("run", folder, "--out", out)
    assert proc.returncode == 0, proc.stderr
    assert "Đã dọn 4 tệp/thư mục tạm do một lần chạy bị ngắt trước đó để lại." in proc.stdout
    left = [p for p in out.rglob("*") if ".tmp" in p.name or p.name.startswith((".staging-", ".old-", ".swap-"))]
    assert left == [] and hidden(out) == []
    assert (out / "2025-11" / ".giu_lai.txt").exists()  # not one of our kinds of file: kept
    assert run_id(out / "2025-11") == latest_run_key(out) != earlier


def test_the_year_run_keeps_the_year_plan(tmp_path):
    """OUT/<year>/ holds both `dvht ke-hoach`'s plan and the year's run outputs: a run keeps the plan."""
    folder, out = tmp_path / "vao", tmp_path / "ket_qua"
    folder.mkdir()
    config = write_config(folder, van_ban={"ngay": "2025-01-10"})  # the plan is dated in its year
    write_department(folder / "VP.xlsx", [member("Nguyễn Văn An")], ky_bao_cao="2025", ngay_lap="20/12/2025")
    assert run_cli("ke-hoach", "--config", config, "--nam", "2025", "--out", out).returncode == 0
    proc = run_cli("run", folder, "--out", out, "--period", "2025", "-q", "--no-docx")
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (out / "2025").iterdir()) == ["ke_hoach_2025.docx", "ke_hoach_2025_kiem_tra.txt",
                                                                "ket_qua.json", "tong_hop.xlsx"]
