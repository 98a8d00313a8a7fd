"""One status, one word: the console, tong_hop.xlsx and the unit BÁO CÁO name each file status with the
label of dvht_batch.vocab.labels (the sample agency has accepted, rejected, superseded and ignored files)."""
from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest

from dvht_batch.vocab.labels import DEPARTMENT_STATUS, FILE_STATUS, in_sentence
from dvht_batch.models import FileStatus
from builders import run_cli

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("labels")
    done = run_cli("run", ROOT / "sample_data", "--out", out)
    assert done.returncode == 0, done.stderr
    return done.stdout, out / "2025-11"


def test_console_counts_use_the_labels(sample):
    stdout, _ = sample
    line = next(x for x in stdout.splitlines() if x.startswith("Tệp: "))
    for status in FileStatus:
        assert in_sentence(FILE_STATUS[status]) in line


def test_workbook_and_report_use_the_same_labels(sample):
    _, folder = sample
    ws = openpyxl.load_workbook(folder / "tong_hop.xlsx", read_only=True)["Tep"]
    rows = list(ws.iter_rows(values_only=True))
    col = rows[0].index("Tình trạng")
    in_workbook = {r[col] for r in rows[1:] if r[col]}
    assert in_workbook == set(FILE_STATUS.values())  # the sample has files of every status

    document = docx.Document(folder / "bao_cao_don_vi.docx")
    in_report = set()
    for table in document.tables:
        header = [c.text for c in table.rows[0].cells]
        if "Tình trạng" in header and "Tệp" in header:
            col = header.index("Tình trạng")
            in_report |= {row.cells[col].text for row in table.rows[1:]}
        elif "Tình trạng" in header:
            col = header.index("Tình trạng")
            assert set(DEPARTMENT_STATUS.values()) <= {row.cells[col].text for row in table.rows[1:]}
    assert not in_report  # the report lists departments; files are listed in tong_hop.xlsx only (docs/van-ban.md)
