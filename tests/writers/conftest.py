"""Builders for writer tests: hand-made FileRecords → a real RunResult through dvht_batch.assess.aggregate."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import docx_fixtures
import pytest
from builders import LEVELS_RULES, config_dict
from docx_fixtures import REPORT_DEPARTMENTS

from dvht_batch.models import (
    FileKind, FileRecord, Finding, Member, PlanStatus, RunResult, Severity, Title, UnitInput,
)
from dvht_batch.period import Period
from dvht_batch.rules import parse_rule_set

PERIOD = Period(2025, 11)

CONFIG = config_dict(departments=REPORT_DEPARTMENTS)


def member(dept: str, row: int, name: str, **values) -> Member:
    """docx_fixtures.member with this scenario's birth years and genders (the workbook shows both columns);
    no "Công dân học tập" column unless `citizen` is given."""
    values.setdefault("citizen", None)
    return docx_fixtures.member(dept, row, name, birth_year=1980 + row, gender="Nữ" if row % 2 else "Nam", **values)


def dept_record(path: str, dept: str, members: list[Member], created: date, findings: list[Finding] | None = None,
                source: Path | None = None) -> FileRecord:
    return docx_fixtures.dept_file(path, dept, members, created, PERIOD, findings or (), source=source,
                                   author="Người lập thử")


def build_run(records: list[FileRecord], rule_set=None, config: dict | None = None) -> RunResult:
    return docx_fixtures.build_run(records, rule_set, config or CONFIG, PERIOD)


def scenario_records(citizen: bool = False) -> list[FileRecord]:
    """VP accepted (+ an older superseded copy), KHTC accepted, TTR rejected, QLG missing, one ignored file.

    tt22 expectations (unit, 9 counted members): 2a 8/9 → 8,89; 2b 5; 2c 10; 2d 8/9 → 4,44; 3a 8/9 → 22,22;
    1a 9,5 + 1b 10 + 1c 8 + 3c 5; 3b 10 → total 93,05, Tốt. VP alone: 2a 4/5 = 80% → 8,00.
    """
    c = True if citizen else None
    vp = [
        member("VP", 5, "Nguyễn Văn Dung", citizen=c),
        member("VP", 6, "Trần Thị Em", citizen=c),
        member("VP", 7, "=1+1", citizen=c),
        member("VP", 8, "Lê Văn Đào", plan=PlanStatus.REGISTERED, citizen=c),
        member("VP", 9, "+84912345678", citizen=c),
        member("VP", 10, "@x", excluded="Nghỉ thai sản", citizen=c),
    ]
    khtc = [
        member("KHTC", 5, "Phạm Thị Hoa", title=Title.PENDING, citizen=c),
        member("KHTC", 6, "Hoàng Văn An", competencies=7, citizen=False if citizen else None),
        member("KHTC", 7, "Đỗ Thị Bình", citizen=c),
        member("KHTC", 8, "Vũ Văn Cường", note="=HYPERLINK(\"http://x\")", citizen=c),
    ]
    warning = Finding(file="phong/VP.xlsx", message="Năm sinh 1890 có vẻ không đúng.", severity=Severity.WARNING,
                      code="odd-year", sheet="Thanh_vien", cell="C9", value="1890")
    bad = Finding(file="phong/TTR.xlsx", sheet="Thanh_vien", cell="H7", value="Bằng khen", code="bad-title",
                  message="Ô Thanh_vien!H7: Bằng khen là hình thức khen thưởng, không phải danh hiệu thi đua.")
    unit = FileRecord(
        path="don_vi/STC.xlsx", source=Path("/nonexistent/don_vi/STC.xlsx"), kind=FileKind.UNIT, unit_code="STC",
        period=PERIOD, created=date(2025, 11, 25), collective_title=Title.TTLDTT, readable=True,
        unit_inputs={
            "1a": UnitInput("1a", Decimal("9.5"), evidence="KH số 12/KH-STC ngày 05/01/2025"),
            "1b": UnitInput("1b", Decimal("10")), "1c": UnitInput("1c", Decimal("8")),
            "3c": UnitInput("3c", Decimal("5")), "1.1": UnitInput("1.1", passed=True),
        },
    )
    ignored = FileRecord(path="khac/ghi_chu.xlsx", source=Path("/nonexistent/khac/ghi_chu.xlsx"),
                         ignored_reason="Không có trang tính 'Thong_tin': không phải bảng của mẫu này.")
    return [
        dept_record("phong/VP.xlsx", "VP", vp, date(2025, 11, 20), [warning]),
        dept_record("phong/VP (1).xlsx", "VP", vp[:2], date(2025, 11, 10)),
        dept_record("phong/KHTC.xlsx", "KHTC", khtc, date(2025, 11, 21)),
        dept_record("phong/TTR.xlsx", "TTR", [member("TTR", 5, "Ngô Văn Giang")], date(2025, 11, 22), [bad]),
        unit,
        ignored,
    ]


@pytest.fixture
def run_result() -> RunResult:
    return build_run(scenario_records())


@pytest.fixture
def levels_result() -> RunResult:
    return build_run(scenario_records(citizen=True), rule_set=parse_rule_set(LEVELS_RULES, "test:levels"))


@pytest.fixture
def make_run():
    """`make_run(records, rule_set=None, config=None)` → RunResult (statuses settled, scored)."""
    return build_run
