"""`dvht run` with its work in forked child processes (a large run) writes what it writes in one process:
the sample agency's run, once forced into children (ket_qua.json and the archive first, then the workbook's
member rows) and once not, gives the same ket_qua.json, workbook, ledger rows and archive."""
from __future__ import annotations

import json
import sys
import sqlite3
import zipfile
from pathlib import Path

import pytest

from builders import clock

from dvht_batch import pipeline
from dvht_batch.writers import in_parallel

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"

pytestmark = [pytest.mark.fresh_process, pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forking is used on Linux")]


def _run(out: Path, monkeypatch, forked: bool) -> tuple[dict, dict, list, list, list[tuple[int, int]]]:
    started: list[tuple[int, int]] = []  # (pieces, of which in children)
    real = in_parallel.Pieces.__init__

    def counting(self, work, count, parallel=True):
        real(self, work, count, parallel)
        if count:
            started.append((count, self.forked))

    with monkeypatch.context() as m:
        m.setattr(in_parallel, "FORK_FROM_MEMBERS", 1 if forked else 10 ** 9)
        m.setattr(in_parallel.Pieces, "__init__", counting)
        request = pipeline.RunRequest(SAMPLE, out, SAMPLE / "dvht.toml", documents=False)
        outputs = pipeline.run_period(request, clock=clock).outputs  # both runs at the same time
    data = json.loads(outputs.result_json.read_text(encoding="utf-8"))
    data.pop("run_id")
    data.pop("generated_at")  # the second each run started: the two runs may fall in different seconds
    with zipfile.ZipFile(outputs.consolidated) as z:  # custom.xml holds the run id, core.xml the time written
        parts = {n: z.read(n) for n in z.namelist() if n not in ("docProps/custom.xml", "docProps/core.xml")}
    with sqlite3.connect(outputs.ledger) as db:
        files = sorted(db.execute("SELECT path, status, archive FROM files").fetchall())
    archive = sorted(p.relative_to(out).as_posix() for p in (out / "luu_tru").rglob("*") if p.is_file())
    return data, parts, files, archive, started


def test_forked_and_in_process_runs_write_the_same(tmp_path, monkeypatch):
    forked = _run(tmp_path / "a", monkeypatch, forked=True)
    alone = _run(tmp_path / "b", monkeypatch, forked=False)
    assert forked[4] == [(2, 2), (2, 2)]  # json + archive, then the two halves of the member rows
    assert alone[4] == [(2, 0), (1, 0)]
    assert forked[:4] == alone[:4]
    assert forked[0]["unit"]["total"] == "91.77" and len(forked[3]) >= 5
