"""The departments' Word documents written by forked children (a large run) are those the serial loop writes:
the sample agency's run with documents, forced into children (three chunks), once not, and once with a
child killed while writing its second document, gives part-for-part the same .docx files in the same order."""
from __future__ import annotations

import os
import sys
import zipfile
from pathlib import Path

import pytest

from builders import clock

from dvht_batch import pipeline
from dvht_batch import period_outputs
from dvht_batch.writers import department_documents, in_parallel
from dvht_batch.writers.department_documents import DepartmentDocuments, chunks

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"

needs_fork = [pytest.mark.fresh_process, pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forking is used on Linux")]


def _documents(out: Path, monkeypatch, forked: bool) -> tuple[list[str], dict, list[int]]:
    started: list[int] = []  # chunks written in children, per run
    real = DepartmentDocuments.__init__

    def counting(self, jobs, write, members):
        real(self, jobs, write, members)
        started.append(self.forked)

    with monkeypatch.context() as m:
        m.setattr(in_parallel, "FORK_FROM_MEMBERS", 1 if forked else 10 ** 9)
        m.setattr(department_documents, "cores", lambda: 3)  # more chunks than departments' halves
        m.setattr(DepartmentDocuments, "__init__", counting)
        outputs = pipeline.run_period(pipeline.RunRequest(SAMPLE, out, SAMPLE / "dvht.toml"), clock=clock).outputs
    names = [p.relative_to(outputs.folder).as_posix() for p in outputs.department_reports]
    parts = {}
    for path in outputs.department_reports:
        with zipfile.ZipFile(path) as z:  # custom.xml holds the run id, which differs between runs
            parts[path.name] = {n: z.read(n) for n in z.namelist() if n != "docProps/custom.xml"}
    leftovers = [p.name for p in (outputs.folder / period_outputs.DEPARTMENT_DIR).iterdir() if p.name.startswith(".")]
    assert leftovers == []
    return names, parts, started


@needs_fork[0]
@needs_fork[1]
def test_forked_documents_are_the_serial_ones(tmp_path, monkeypatch):
    forked = _documents(tmp_path / "a", monkeypatch, forked=True)
    alone = _documents(tmp_path / "b", monkeypatch, forked=False)
    assert len(forked[0]) >= 3 and forked[2] == [3] and alone[2] == [0]
    assert forked[0] == alone[0]
    assert forked[1] == alone[1]


@needs_fork[0]
@needs_fork[1]
def test_a_killed_childs_documents_are_written_here(tmp_path, monkeypatch):
    parent, real = os.getpid(), DepartmentDocuments._write_chunk

    def dies_after_one(self, i):
        if os.getpid() == parent:
            return real(self, i)
        department, path = self._jobs[self._chunks[i][0]]
        self._write(department, path)  # one document written, the next one half-written, then the child is killed
        path.with_name(f".{path.stem}.0badf00d.tmp.docx").write_bytes(b"PK")
        os._exit(9)

    alone = _documents(tmp_path / "b", monkeypatch, forked=False)
    monkeypatch.setattr(DepartmentDocuments, "_write_chunk", dies_after_one)
    killed = _documents(tmp_path / "a", monkeypatch, forked=True)
    assert killed[2] == [3]
    assert killed[:2] == alone[:2]


def test_chunks_are_contiguous_and_cover_every_department():
    assert chunks(7, 3) == [range(0, 3), range(3, 5), range(5, 7)]
    assert chunks(2, 3) == [range(0, 1), range(1, 2)]
    assert chunks(0, 2) == []
    assert [j for c in chunks(1000, 2) for j in c] == list(range(1000))
