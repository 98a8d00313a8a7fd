"""dvht_batch.web.board: a period's board read back from what `dvht run` wrote (the sample agency, real CLI run)."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from builders import run_cli
from dvht_batch.web import board
from dvht_batch.vocab.labels import DEPARTMENT_STATUS, FILE_STATUS
from dvht_batch.models import DepartmentStatus, FileStatus
from dvht_batch.period import Period
from dvht_batch.rules import load_rule_set

ROOT = Path(__file__).resolve().parent.parent
P = Period(2025, 11)


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("board") / "out"
    done = run_cli("run", ROOT / "sample_data", "--out", out)
    assert done.returncode == 0, done.stderr
    return out


def test_board_of_the_sample(out):
    b = board.load_board(out, P, load_rule_set("tt22-2020"))
    assert (b.total, b.classification, b.members, b.excluded) == (Decimal("91.77"), "Tốt", 37, 1)
    rows = {d.code: d for d in b.departments}
    assert [d.code for d in b.departments] == ["VP", "KHTC", "QLVH", "TTR", "TTTT", "GDTT"]
    assert rows["TTR"].status is DepartmentStatus.REJECTED and rows["TTR"].label == DEPARTMENT_STATUS[DepartmentStatus.REJECTED]
    assert [e.cell for e in rows["TTR"].errors] == ["Thanh_vien!I3", "Thanh_vien!F4", "Thanh_vien!G6"]
    assert rows["TTR"].feedback == "2025-11/phan_hoi/TTR_Thanh_tra_-_T11_phan_hoi.xlsx"
    assert (out / rows["TTR"].feedback).is_file()
    assert rows["TTTT"].status is DepartmentStatus.MISSING and rows["TTTT"].file is None
    assert rows["VP"].report == "2025-11/bao_cao_phong/bao_cao_VP.docx" and rows["VP"].members == 12
    assert [(f.path, f.status, f.label) for f in b.unused_files] == \
        [("phong/Ghi chu cua Van phong.txt", FileStatus.IGNORED, FILE_STATUS[FileStatus.IGNORED]),
         ("phong/QLVH_11-2025.xlsx", FileStatus.SUPERSEDED, FILE_STATUS[FileStatus.SUPERSEDED]),
         ("phong/~$VP_11-2025.xlsx", FileStatus.IGNORED, FILE_STATUS[FileStatus.IGNORED])]
    superseded = next(f for f in b.unused_files if f.status is FileStatus.SUPERSEDED)
    assert superseded.reason == "đã có bản mới hơn: phong/QLVH_11-2025 (1).xlsx; bản này không được tính"
    c2a = next(c for c in b.criteria if c.code == "2a")
    assert (c2a.count, c2a.denominator, c2a.points, c2a.max_points) == (34, 37, Decimal("9.19"), Decimal("10"))
    assert c2a.text.startswith("100% thành viên trong đơn vị có kế hoạch")
    assert b.count(DepartmentStatus.ACCEPTED) == 4


def test_outputs_listed_documents_first(out):
    files = board.output_files(out, P)
    assert files[0].path == "2025-11/bao_cao_don_vi.docx" and files[0].label.startswith("BÁO CÁO")
    written = {p.relative_to(out).as_posix() for p in (out / "2025-11").rglob("*") if p.is_file()}
    assert {f.path for f in files} == written


def test_no_board_before_a_run_and_a_damaged_json_says_so(out, tmp_path):
    assert board.load_board(tmp_path, P) is None
    (tmp_path / "2025-11").mkdir()
    (tmp_path / "2025-11" / "ket_qua.json").write_text("{", encoding="utf-8")
    with pytest.raises(ValueError, match="Tổng hợp"):
        board.load_board(tmp_path, P)


def test_periods_and_input_folder_from_the_ledger(out, tmp_path):
    [summary] = board.run_periods(out)
    assert (summary.period, summary.total, summary.classification, summary.members) == (P, Decimal("91.77"), "Tốt", 37)
    assert board.last_input_dir(out, P) == ROOT / "sample_data"
    assert board.last_input_dir(out, Period(2025, 12)) is None
    assert board.run_periods(tmp_path) == [] and board.last_input_dir(tmp_path, P) is None
