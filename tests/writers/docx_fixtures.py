"""Builders for the Word-document tests (and benchmarks/bench_docx.py): hand-made FileRecords turned
into real RunResults through dvht_batch.assess.aggregate, plus helpers to read the documents back."""
from __future__ import annotations

import random
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from builders import config_dict, office_rule_set
from lxml import etree

from dvht_batch.assess import aggregate
from dvht_batch.setup.config import parse_config
from dvht_batch.models import (
    FileKind, FileRecord, Finding, Member, PlanStatus, RunResult, Severity, Title, UnitInput,
)
from dvht_batch.period import Period
from dvht_batch.rules import load_rule_set

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}
GENERATED_AT = datetime(2025, 11, 28, 9, 30)
TODAY = date(2026, 1, 10)  # the day a KẾ HOẠCH is written in these tests (builders.RUN_AT)


REPORT_DEPARTMENTS = (("VP", "Văn phòng"), ("KHTC", "Phòng Kế hoạch - Tài chính"), ("TTR", "Thanh tra"),
                      ("QLG", "Phòng Quản lý giá"))


def report_config(**van_ban) -> dict:
    """The agency of the report tests (a deputy signs, recipients, [van_ban]); `van_ban` keys set to None are dropped."""
    data = config_dict(departments=REPORT_DEPARTMENTS, deputy=True,
                       don_vi={"co_quan_chu_quan": "UBND tỉnh Quảng Ngãi"},
                       noi_nhan=["Sở Giáo dục và Đào tạo (để báo cáo)", "Giám đốc, các Phó Giám đốc Sở"],
                       van_ban={"so_bao_cao": "7", "so_ke_hoach": 12, "ngay": "05/3/2025",
                                "can_cu": ["Kế hoạch số 137/KH-UBND ngày 03/11/2020 của UBND tỉnh về đánh giá, "
                                           "xếp loại đơn vị học tập"]})
    data["van_ban"].update(van_ban)
    data["van_ban"] = {k: v for k, v in data["van_ban"].items() if v is not None}
    return data


def levels_rule_set():
    """tt24-2023 as the office confirmed it (tests/builders.py): levels can be concluded and requested."""
    return office_rule_set()


def member(dept: str, row: int, name: str, *, plan=PlanStatus.APPROVED, discipline=True, training=True,
           title=Title.LDTT, competencies=8, citizen: bool | None = True, excluded=None, note=None,
           position="Chuyên viên", birth_year: int | None = None, gender: str | None = None) -> Member:
    """A member meeting every criterion unless told otherwise; `citizen=None`: no "Công dân học tập" column."""
    answers = {"ke_hoach_tu_hoc": plan, "tuan_thu_ky_luat": discipline, "hoan_thanh_boi_duong": training,
               "danh_hieu_thi_dua": title, **{f"nl{i}": i <= competencies for i in range(1, 9)}}
    if citizen is not None:
        answers["cong_dan_hoc_tap"] = citizen
    return Member(department=dept, row=row, name=name, answers=answers, position=position, excluded_reason=excluded,
                  note=note, birth_year=birth_year, gender=gender)


def dept_file(path, dept, members, created, period=Period(2025, 11), findings=(), *, source: Path | None = None,
              author: str | None = None) -> FileRecord:
    """A department's workbook as intake would have read it (status settled later by aggregate)."""
    return FileRecord(path=path, source=source or Path("/khong_co") / path, kind=FileKind.DEPARTMENT,
                      unit_code="STC", department=dept, period=period, period_cell="B4", created=created,
                      author=author, members=members, findings=list(findings), readable=True)


def scenario(period: Period = Period(2025, 11)) -> list[FileRecord]:
    """VP accepted (+ an older copy), KHTC accepted, TTR rejected, QLG missing, a unit file, an ignored file."""
    vp = [
        member("VP", 5, "Trần Thị Yến"),
        member("VP", 6, "Nguyễn Văn Bình", plan=PlanStatus.REGISTERED),
        member("VP", 7, "Đặng Thị Ánh", training=False, competencies=6),
        member("VP", 8, "Lê Văn An"),
        member("VP", 9, "Võ Thị Đào", excluded="Nghỉ thai sản"),
    ]
    khtc = [
        member("KHTC", 5, "Phạm Thị Hoa", title=Title.PENDING),
        member("KHTC", 6, "Hoàng Văn Ân", competencies=7, citizen=False),
        member("KHTC", 7, "Đỗ Thị Bích"),
        member("KHTC", 8, "Bùi Văn Cường", position="Trưởng phòng"),
    ]
    warn = Finding(file="phong/VP.xlsx", message="Năm sinh 1890 có vẻ không đúng.", severity=Severity.WARNING,
                   sheet="Thanh_vien", cell="C9", value="1890")
    errors = [Finding(file="phong/TTR.xlsx", sheet="Thanh_vien", cell=f"H{7 + i}", value="Bằng khen",
                      message=f"Ô Thanh_vien!H{7 + i}: “Bằng khen” là hình thức khen thưởng, không phải danh hiệu thi đua.")
              for i in range(5)]
    unit = FileRecord(path="don_vi/STC.xlsx", source=Path("/khong_co/don_vi/STC.xlsx"), kind=FileKind.UNIT,
                      unit_code="STC", period=period, created=date(2025, 11, 25), collective_title=Title.TTLDTT,
                      readable=True, unit_inputs={
                          "1a": UnitInput("1a", Decimal("9.5"), evidence="Kế hoạch số 12/KH-STC ngày 05/01/2025"),
                          "1b": UnitInput("1b", Decimal("10"), evidence="Quy chế số 3/QC-STC"),
                          "1c": UnitInput("1c", Decimal("8")),
                          "3c": UnitInput("3c", Decimal("5"), evidence="Hội thảo chia sẻ kinh nghiệm"),
                          "1.1": UnitInput("1.1", passed=True, evidence="Kế hoạch số 12/KH-STC"),
                      })
    ignored = FileRecord(path="khac/ghi chu.xlsx", source=Path("/khong_co/khac/ghi chu.xlsx"),
                         ignored_reason="Không có trang tính 'Thong_tin': không phải bảng theo mẫu.")
    return [
        dept_file("phong/VP.xlsx", "VP", vp, date(2025, 11, 20), period, [warn]),
        dept_file("phong/VP (1).xlsx", "VP", vp[:2], date(2025, 11, 10), period),
        dept_file("phong/KHTC.xlsx", "KHTC", khtc, date(2025, 11, 21), period),
        dept_file("phong/TTR.xlsx", "TTR", [member("TTR", 5, "Ngô Văn Giang")], date(2025, 11, 22), period, errors),
        unit,
        ignored,
    ]


def dossier_scenario(period: Period = Period(2025)) -> list[FileRecord]:
    """`scenario` made to reach Mức độ 1 of tt24-2023: every member trained, with an approved plan and a
    “Công dân học tập”; every indicator of the unit's own sheet passed with its evidence (the yearly
    dossier requests level 1)."""
    records = scenario(period)
    for record in records:
        for m in record.members:
            m.answers.update(hoan_thanh_boi_duong=True, cong_dan_hoc_tap=True, ke_hoach_tu_hoc=PlanStatus.APPROVED)
        if record.kind is FileKind.UNIT:
            for c in levels_rule_set().unit_input_criteria():
                record.unit_inputs[c.code] = UnitInput(c.code, passed=True, evidence=f"Minh chứng của chỉ tiêu {c.code}")
    return records


def build_run(records=None, rule_set=None, config: dict | None = None, period: Period = Period(2025, 11)) -> RunResult:
    cfg = parse_config(config or report_config())
    rs = rule_set or load_rule_set("tt22-2020")
    records = scenario(period) if records is None else records
    aggregate.check_period(records, period)
    aggregate.settle_statuses(records)
    return aggregate.build_result(records, cfg, rs, period, Path("/du_lieu"), generated_at=GENERATED_AT)


FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Đức", "Quang", "Thu"]
GIVEN = ["An", "Ánh", "Bình", "Cường", "Dũng", "Đào", "Giang", "Hà", "Hải", "Hoa", "Khánh", "Lan", "Long", "Mai",
         "Nam", "Nga", "Oanh", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Uyên", "Việt", "Xuân", "Yến", "Ân", "Ơn", "Ưng"]


def synthetic(departments: int, members: int, period: Period = Period(2025, 11), seed: int = 7):
    """(config dict, records): `departments` departments of `members` members, ~15 % failing something."""
    rnd = random.Random(seed)
    depts = [{"ma": f"P{i:04d}", "ten": f"Phòng Chuyên môn số {i}"} for i in range(1, departments + 1)]
    cfg = report_config()
    cfg["phong"] = depts
    records = []
    for i, d in enumerate(depts):
        if i % 50 == 49:
            continue  # missing
        rows = []
        for r in range(members):
            name = f"{rnd.choice(FAMILY)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}"
            rows.append(member(d["ma"], r + 5, name,
                               plan=PlanStatus.APPROVED if rnd.random() > 0.05 else PlanStatus.REGISTERED,
                               training=rnd.random() > 0.04, discipline=rnd.random() > 0.01,
                               title=rnd.choice([Title.LDTT] * 12 + [Title.PENDING, Title.NONE]),
                               competencies=8 if rnd.random() > 0.06 else 7,
                               excluded="Nghỉ dài ngày" if rnd.random() < 0.01 else None))
        findings = []
        if i % 40 == 39:
            findings = [Finding(file=f"phong/{d['ma']}.xlsx", sheet="Thanh_vien", cell="F7", value="?",
                                message="Ô Thanh_vien!F7 để trống: ghi Có hoặc Không.")]
        records.append(dept_file(f"phong/{d['ma']}.xlsx", d["ma"], rows, date(2025, 11, 20), period, findings))
    return cfg, records


def long_runs(departments: int, members: int) -> tuple[RunResult, RunResult]:
    """A month under tt22-2020 and a year under tt24-2023 (as the office confirmed it) of `departments`
    synthetic departments: long documents with many page feet."""
    cfg, records = synthetic(departments, members, seed=5)
    year = Period(2025)
    cfg24, records24 = synthetic(departments, members, period=year, seed=3)
    return build_run(records, config=cfg), build_run(records24, rule_set=levels_rule_set(), config=cfg24, period=year)


# ----------------------------------------------------------------------------- reading documents back


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read(name))


def paragraph_text(p) -> str:
    """Text of a w:p; a w:br (line break in a centred title) reads as a space."""
    return "".join((el.text or "") if el.tag == f"{W}t" else " " for el in p.iter(f"{W}t", f"{W}br"))


def all_text(path: Path) -> str:
    return "\n".join(paragraph_text(p) for p in part(path, "word/document.xml").iter(f"{W}p"))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
