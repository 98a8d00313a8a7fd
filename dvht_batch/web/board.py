"""A period's board as data, read back from what `dvht run` wrote: `OUT/<period>/ket_qua.json` (contract v1)
and the files beside it. The web app (dvht_batch/web) only renders this; `dvht run`, the web's run and a
run from an earlier day all give the same board because they all write the same `ket_qua.json`.

Also here: the periods recorded in the ledger (`OUT/dvht.sqlite`) with their result, for the start page.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from dvht_batch.ledger.runs import latest_runs
from dvht_batch.messages import render
from dvht_batch.models import DepartmentStatus, FileStatus
from dvht_batch.period import Period
from dvht_batch.system.filenames import safe_stem
from dvht_batch.period_outputs import CONSOLIDATED, DEPARTMENT_DIR, FEEDBACK_DIR, RESULT_JSON, UNIT_REPORT
from dvht_batch.vocab.labels import DEPARTMENT_STATUS, FILE_STATUS


@dataclass(frozen=True)
class ErrorCell:
    cell: str | None       # "Thanh_vien!I3", or None for a whole-file problem
    message: str


@dataclass
class DepartmentRow:
    code: str
    name: str
    status: DepartmentStatus
    label: str                              # Vietnamese, from the library's status table
    file: str | None = None                 # the file used (accepted) or the newest rejected one
    errors: list[ErrorCell] = field(default_factory=list)
    warnings: list[ErrorCell] = field(default_factory=list)
    feedback: str | None = None             # path relative to OUT of its feedback workbook
    report: str | None = None               # path relative to OUT of its department report
    members: int = 0
    excluded: int = 0
    attributed: str | None = None           # how a file not read was tied to the department ("theo tên tệp")


@dataclass
class FileRow:
    """An input file that was not used and belongs to no department row (unreadable, unknown, other period, or an
    older copy superseded by the one its department row shows)."""

    path: str
    status: FileStatus
    label: str
    reason: str
    department: str | None = None           # whose file it is (a rejected re-send of an accepted department)
    feedback: str | None = None             # path relative to OUT of its feedback workbook
    warnings: list[ErrorCell] = field(default_factory=list)


@dataclass
class CriterionRow:
    code: str
    text: str
    points: Decimal | None = None
    max_points: Decimal | None = None
    count: int | None = None
    denominator: int | None = None
    passed: bool | None = None
    evidence: str | None = None

    @property
    def ratio(self) -> Decimal | None:
        if self.count is None or not self.denominator:
            return None
        return Decimal(self.count) / Decimal(self.denominator)


@dataclass
class OutputFile:
    path: str                               # relative to OUT, "/" separators
    label: str
    size: int


@dataclass
class Board:
    period: Period
    rule_set: str
    generated_at: str | None
    total: Decimal | None
    classification: str | None
    failing: list[str]
    members: int
    excluded: int
    departments: list[DepartmentRow]
    criteria: list[CriterionRow]
    unused_files: list[FileRow]
    outputs: list[OutputFile]

    def count(self, status: DepartmentStatus) -> int:
        return sum(1 for d in self.departments if d.status is status)


@dataclass(frozen=True)
class PeriodSummary:
    period: Period
    run_at: str
    members: int | None
    total: Decimal | None
    classification: str | None


def _decimal(text) -> Decimal | None:
    try:
        return None if text is None else Decimal(str(text))
    except InvalidOperation:
        return None


def _cells(findings: list[dict]) -> list[ErrorCell]:
    return [ErrorCell(f.get("cell"), str(f.get("message", ""))) for f in findings or []]


def _file_status(value: str) -> FileStatus | None:
    try:
        return FileStatus(value)
    except ValueError:
        return None


def _department_status(value: str) -> DepartmentStatus:
    try:
        return DepartmentStatus(value)
    except ValueError:
        return DepartmentStatus.MISSING


def _feedback_for(folder: Path, department: str, file_path: str | None) -> str | None:
    """The feedback workbook `dvht run` named after this department and file (period_outputs.write_outputs)."""
    if not file_path:
        return None
    stem = safe_stem(f"{department}_{Path(file_path.rsplit('#', 1)[-1]).stem}")
    name = f"{stem}_phan_hoi.xlsx"
    return f"{folder.name}/{FEEDBACK_DIR}/{name}" if (folder / FEEDBACK_DIR / name).is_file() else None


def _report_for(folder: Path, department: str) -> str | None:
    name = f"bao_cao_{safe_stem(department)}.docx"
    return f"{folder.name}/{DEPARTMENT_DIR}/{name}" if (folder / DEPARTMENT_DIR / name).is_file() else None


def _criteria_rows(criteria: dict, texts: dict[str, str]) -> list[CriterionRow]:
    return [CriterionRow(code=code, text=texts.get(code, code), points=_decimal(c.get("points")),
                         max_points=_decimal(c.get("max")), count=c.get("count"), denominator=c.get("denominator"),
                         passed=c.get("passed"), evidence=c.get("evidence"))
            for code, c in criteria.items()]


_OUTPUT_LABELS = {UNIT_REPORT: "BÁO CÁO của đơn vị (Word)", Path(UNIT_REPORT).with_suffix(".pdf").name: "BÁO CÁO (PDF)",
                  CONSOLIDATED: "Bảng tổng hợp (Excel)",
                  RESULT_JSON: "Tệp dữ liệu kết quả (ket_qua.json, cho phần mềm khác đọc)"}
_OUTPUT_GROUPS = {DEPARTMENT_DIR: "Báo cáo của phòng", FEEDBACK_DIR: "Tệp phản hồi gửi trả phòng"}


def output_files(out_root: Path, period: Period) -> list[OutputFile]:
    """Every file the run wrote under OUT/<period>/ (hidden and temporary files left out), documents first."""
    folder = Path(out_root) / str(period)
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if not path.is_file() or path.is_symlink() or any(p.startswith((".", "~$")) for p in rel.parts):
            continue
        label = _OUTPUT_LABELS.get(rel.as_posix()) or \
            (f"{_OUTPUT_GROUPS[rel.parts[0]]}: {rel.name}" if rel.parts[0] in _OUTPUT_GROUPS else rel.as_posix())
        found.append(OutputFile(f"{folder.name}/{rel.as_posix()}", label, path.stat().st_size))
    order = list(_OUTPUT_LABELS) + list(_OUTPUT_GROUPS)
    return sorted(found, key=lambda o: (next((i for i, k in enumerate(order)
                                              if o.path.split("/", 1)[1].startswith(k)), len(order)), o.path))


def load_board(out_root: Path, period: Period, rule_set=None) -> Board | None:
    """The board of a period already run (None when OUT/<period>/ket_qua.json does not exist).

    `rule_set` gives the criteria their texts (ket_qua.json carries codes only). A damaged JSON raises
    ValueError with a Vietnamese message.
    """
    folder = Path(out_root) / str(period)
    path = folder / RESULT_JSON
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(render("web-result-unreadable", path=path, error=exc)) from None
    texts = {c.code: c.text for c in getattr(rule_set, "criteria", ())}
    files = {f["path"]: f for f in data.get("files", [])}
    rows, used = [], set()
    for d in data.get("departments", []):
        status = _department_status(d.get("status", ""))
        f = files.get(d.get("file") or "", {})
        used.add(d.get("file"))
        rows.append(DepartmentRow(
            code=d["code"], name=d.get("name") or d["code"], status=status, label=DEPARTMENT_STATUS[status],
            file=d.get("file"), errors=_cells(f.get("errors", [])), warnings=_cells(f.get("warnings", [])),
            feedback=_feedback_for(folder, d["code"], d.get("file")) if status is DepartmentStatus.REJECTED else None,
            report=_report_for(folder, d["code"]) if status is DepartmentStatus.ACCEPTED else None,
            members=d.get("members") or 0, excluded=d.get("excluded") or 0, attributed=f.get("department_from")))
    unused = []
    for f in data.get("files", []):
        status = _file_status(f.get("status", ""))
        if f["path"] in used or status not in (FileStatus.REJECTED, FileStatus.SUPERSEDED, FileStatus.IGNORED):
            continue
        newer = render("superseded-by-newer", newer=f["superseded_by"]) if f.get("superseded_by") else ""
        reason = "; ".join(e.message for e in _cells(f.get("errors", []))) or f.get("ignored_reason") or newer
        dept = f.get("department")
        feedback = _feedback_for(folder, dept, f["path"]) if dept and status is FileStatus.REJECTED else None
        unused.append(FileRow(f["path"], status, FILE_STATUS[status], reason, dept, feedback,
                              _cells(f.get("warnings", []))))
    unit = data.get("unit", {})
    return Board(period=period, rule_set=data.get("rule_set", ""), generated_at=data.get("generated_at"),
                 total=_decimal(unit.get("total")), classification=unit.get("classification"),
                 failing=list(unit.get("failing", [])), members=unit.get("members") or 0,
                 excluded=unit.get("excluded") or 0, departments=rows,
                 criteria=_criteria_rows(unit.get("criteria", {}), texts), unused_files=unused,
                 outputs=output_files(out_root, period))


def files_read(out_root: Path, period: Period) -> tuple[set[str], str | None]:
    """The input files the period's latest run read (names relative to its input folder, a message's part
    '#…' cut off) and when it ran ('2025-12-01T17:31:43'); (set(), None) before any run."""
    try:
        data = json.loads((Path(out_root) / str(period) / RESULT_JSON).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return set(), None
    names = {str(f.get("path", "")).split("#", 1)[0] for f in data.get("files", []) if isinstance(f, dict)}
    return names, data.get("generated_at")


def run_periods(out_root: Path) -> list[PeriodSummary]:
    """The periods recorded in the ledger, newest period first, each with its latest run's result."""
    found = []
    for run in latest_runs(out_root).values():
        try:
            found.append(PeriodSummary(Period.parse(run.period), run.run_at, run.members, _decimal(run.total),
                                       run.classification))
        except ValueError:
            continue
    return sorted(found, key=lambda s: (s.period.year, s.period.month or 13), reverse=True)


def last_input_dir(out_root: Path, period: Period) -> Path | None:
    """The input folder of the period's latest run, from the ledger (None when never run)."""
    run = latest_runs(out_root).get(str(period))
    return Path(run.input_dir) if run and run.input_dir else None


__all__ = ["Board", "DepartmentRow", "CriterionRow", "FileRow", "OutputFile", "PeriodSummary", "load_board",
           "output_files", "run_periods", "last_input_dir", "files_read"]
