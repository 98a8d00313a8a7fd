"""The reading processes end when their parent dies: SIGKILL a run in the middle of reading (real
processes, the real 2-process pool), and its workers are gone within seconds."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from builders import copies_of_a_department, kill_and_wait_for

from dvht_batch.output.lock import pid_alive

READ = """
import sys, time
from pathlib import Path
from dvht_batch.setup.config import load_config
from dvht_batch.intake import reading
from dvht_batch.rules import load_rule_set

reading.POOL_FROM_UNITS = 2  # the pool even for a small batch
folder = Path(sys.argv[1])

def progress():  # the first batch is read: the parent stops here, its workers read on
    print("reading", flush=True)
    time.sleep(600)

reading.read_all(sorted(folder.glob("*.xlsx")), folder, load_config(folder / "dvht.toml"),
                  load_rule_set("tt22-2020"), progress=progress)
"""


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists() or (os.cpu_count() or 1) < 2,
                    reason="needs /proc (Linux) to list a process's children, and 2 cores for the pool")
def test_workers_end_when_the_run_is_killed_mid_read(tmp_path):
    folder = tmp_path / "vao"
    copies_of_a_department(folder, 120, members=20)
    parent = subprocess.Popen([sys.executable, "-c", READ, str(folder)], stdout=subprocess.PIPE, text=True)
    workers: list[int] = []
    try:
        assert parent.stdout.readline().strip() == "reading"
        workers = children(parent.pid)
        assert len(workers) >= 2 and all(pid_alive(w) for w in workers)
    finally:
        alive = kill_and_wait_for(parent, workers)  # they check every half second
    assert alive == []


def test_pool_read_from_a_thread_is_spawned_and_reads_the_same(tmp_path, monkeypatch):
    """The web app reads from one of its threads: its pool is spawned, not forked (a fork while other threads
    run could leave a worker stuck on a lock), and it reads what one process reads."""
    import threading

    from dvht_batch.setup.config import load_config
    from dvht_batch.intake import reading
    from dvht_batch.rules import load_rule_set

    folder = tmp_path / "vao"
    paths = copies_of_a_department(folder, 6, members=5)
    config, rule_set = load_config(folder / "dvht.toml"), load_rule_set("tt22-2020")
    alone = reading.read_all(paths, folder, config, rule_set)
    methods, found = [], {}
    real = reading.start_method

    def recorded():
        context = real()
        methods.append(context.get_start_method())
        return context

    read_here = []
    real_read_unit = reading.read_unit
    monkeypatch.setattr(reading, "POOL_FROM_UNITS", 2)
    monkeypatch.setattr(reading, "start_method", recorded)
    monkeypatch.setattr(reading, "read_unit", lambda *a: read_here.append(a) or real_read_unit(*a))  # not in spawned workers
    worker = threading.Thread(target=lambda: found.setdefault("records", reading.read_all(paths, folder, config,
                                                                                            rule_set)))
    worker.start()
    worker.join(timeout=240)
    assert methods == ["spawn"] and not read_here  # every file was read by the spawned workers
    assert [(r.path, r.status, len(r.members), r.findings) for r in found["records"]] == \
        [(r.path, r.status, len(r.members), r.findings) for r in alone]
