"""The one data model that flows through the pipeline: files → records → scores → documents.

Everything here is plain data (dataclasses); no I/O. Writers (JSON, xlsx, docx) build from a `RunResult`
(frozen: built once by `assess.aggregate.build_result`, never changed after) and a `RunContext` (what one run adds:
its identifier, earlier periods, the recognition standing); they only read both (tests/writers/test_read_only.py).
Only two steps open an input file again, to copy it, never to read data from it or change it: the
feedback copy of a rejected workbook (writers/xlsx_feedback.py) and the archive of inputs (ledger/archive.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the ledger reads models, period's errors are in the catalogue: models only name their types
    from dvht_batch.ledger.recognition import Standing
    from dvht_batch.period import Period

# --------------------------------------------------------------------------- findings


def _reduce_by_name(member, protocol):
    """Pickle an enum member by name: records come back from the reading pool by the thousand, and
    unpickling by name skips Enum's slower lookup by value."""
    return getattr, (member.__class__, member._name_)


class Severity(str, Enum):
    ERROR = "error"      # rejects the whole file
    WARNING = "warning"  # reported, file still accepted
    __reduce_ex__ = _reduce_by_name


@dataclass(frozen=True)
class Finding:
    """One problem found in one input file, with its position (frictionless-style error as data).

    `message` is a complete Vietnamese sentence: where, what is wrong, what is allowed — rendered from the
    message catalogue (dvht_batch/messages) by `Findings.report`.
    """

    file: str                  # path relative to the input folder, "/" separators
    message: str
    severity: Severity = Severity.ERROR
    code: str = "invalid"      # machine-readable type, e.g. "missing-value", "bad-title", "not-a-zip"
    sheet: str | None = None
    cell: str | None = None    # A1 reference inside `sheet`, e.g. "H7"
    value: str | None = None   # the value found, as text (None when the cell was empty)
    place: str | None = None   # a position in a text file instead of a sheet: "[bo_tieu_chi]", "dòng 12"

    @property
    def location(self) -> str:
        """`Thanh_vien!H7`, `Thong_tin`, a place in a text file, or '' for a whole-file problem."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or self.place or ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


# --------------------------------------------------------------------------- vocabulary


class PlanStatus(str, Enum):
    """'Kế hoạch tự học' column (criterion 2a counts APPROVED)."""
    __reduce_ex__ = _reduce_by_name

    APPROVED = "Đã phê duyệt"
    REGISTERED = "Đã đăng ký"
    NONE = "Chưa đăng ký"


class Title(Enum):
    """Emulation titles (danh hiệu thi đua), individual and collective, with their rank.

    rank 0 = no title, -1 = not yet decided ("Chưa xét"); titles compare by rank within a kind.
    """

    PENDING = ("Chưa xét", -1, "any")
    NONE = ("Không", 0, "any")
    LDTT = ("Lao động tiên tiến", 1, "individual")
    CSTD_CO_SO = ("Chiến sĩ thi đua cơ sở", 2, "individual")
    CSTD_TINH = ("Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh", 3, "individual")
    CSTD_TOAN_QUOC = ("Chiến sĩ thi đua toàn quốc", 4, "individual")
    TTLDTT = ("Tập thể lao động tiên tiến", 1, "collective")
    TTLDXS = ("Tập thể lao động xuất sắc", 2, "collective")
    CO_TINH = ("Cờ thi đua cấp bộ, ban, ngành, tỉnh", 3, "collective")
    CO_CHINH_PHU = ("Cờ thi đua của Chính phủ", 4, "collective")

    __reduce_ex__ = _reduce_by_name

    def __init__(self, label: str, rank: int, kind: str):
        self.label = label
        self.rank = rank
        self.kind = kind

    def at_least(self, other: "Title") -> bool:
        """True when this title is `other` or higher (PENDING and NONE never qualify)."""
        return self.rank >= 1 and self.rank >= other.rank and self.kind in (other.kind, "any")


# --------------------------------------------------------------------------- input records


@dataclass
class Member:
    """One member row of a department's `Thanh_vien` sheet, validated and normalised.

    Values of the criteria columns are in `answers`, keyed by the column key of
    `dvht_batch.vocab.columns` ("ke_hoach_tu_hoc", "tuan_thu_ky_luat", "hoan_thanh_boi_duong",
    "danh_hieu_thi_dua", "cong_dan_hoc_tap", "nl1" … "nl8"): PlanStatus, bool or Title.
    A column absent from the sheet (allowed when the rule set does not need it) is absent here.
    """

    department: str            # department code
    row: int                   # 1-based Excel row number
    name: str                  # the user's spelling, normalised (NFC, spaces)
    answers: dict[str, object] = field(default_factory=dict)
    birth_year: int | None = None
    gender: str | None = None
    position: str | None = None
    excluded_reason: str | None = None  # "Không tính": non-empty = out of the denominators
    note: str | None = None

    @property
    def excluded(self) -> bool:
        return bool(self.excluded_reason)

    def __reduce__(self):
        """Pickled as `Member(*fields)`: members come back from the reading pool by the ten thousand, and
        this unpickles ~1.5× faster and ~20 % smaller than the default (class, then a dict of attributes)."""
        return self.__class__, _member_fields(self)


_member_fields = attrgetter(*(f.name for f in fields(Member)))  # every field, in the order of __init__


@dataclass
class UnitInput:
    """One row of the unit workbook's `Tieu_chi` sheet."""

    code: str
    self_score: Decimal | None = None   # "Điểm tự chấm" (tt22)
    passed: bool | None = None          # "Đạt" (tt24)
    evidence: str | None = None         # "Minh chứng"
    row: int | None = None


class FileKind(str, Enum):
    DEPARTMENT = "department"
    UNIT = "unit"
    UNKNOWN = "unknown"
    __reduce_ex__ = _reduce_by_name


class FileStatus(str, Enum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"
    IGNORED = "ignored"
    __reduce_ex__ = _reduce_by_name


@dataclass
class FileRecord:
    """Everything learned from one input file. Built by intake; status settled by selection."""

    path: str                          # relative to the input folder, "/" separators (JSON form)
    source: Path                       # absolute path on disk (never modified)
    kind: FileKind = FileKind.UNKNOWN
    status: FileStatus = FileStatus.IGNORED
    findings: list[Finding] = field(default_factory=list)
    unit_code: str | None = None
    department: str | None = None      # department code (department workbooks)
    department_name: str | None = None
    period: Period | None = None
    period_cell: str | None = None     # where "Kỳ báo cáo" was read, e.g. "B4" (for messages)
    created: date | None = None        # "Ngày lập"
    created_cell: str | None = None    # where "Ngày lập" was read, e.g. "Thong_tin!B5" (for messages)
    author: str | None = None          # "Người lập"
    collective_title: Title | None = None
    members: list[Member] = field(default_factory=list)
    unit_inputs: dict[str, UnitInput] = field(default_factory=dict)
    modified: datetime | None = None   # file modification time (or e-mail date), tie-breaker
    size: int = 0
    sha256: str | None = None
    sender: str | None = None          # e-mail sender when the file came from a mailbox
    message_id: str | None = None      # that message's Message-ID ("<…@…>"): feedback replies to it
    mail_subject: str | None = None    # that message's Subject (decoded): the reply's "Re: …"
    superseded_by: str | None = None   # path of the file that won, for superseded files
    ignored_reason: str | None = None  # why a file is `ignored` (Vietnamese)
    readable: bool = False             # intake opened it as a workbook (safe to reopen, e.g. for feedback)
    department_from: str | None = None  # how a file not read was tied to its department (Vietnamese), else None
    unreadable: bool = False           # the machine did not let us read it: its content is unknown, not wrong
    created_implausible: bool = False  # "Ngày lập" is not believable (assess.created_dates): newest-wins ignores it

    @property
    def key(self) -> tuple[str, str]:
        """The record's identity within a run, the same in every process (a forked child's copy included):
        its path and its bytes' hash, as the ledger's `files` table keys it."""
        return (self.path, self.sha256 or "")

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_error]


# --------------------------------------------------------------------------- results


@dataclass
class CriterionResult:
    """The result of one criterion (tt22) or indicator (tt24) for a department or the unit."""

    code: str
    text: str
    group: str
    kind: str                          # "member_ratio" | "unit_input" | "collective_title"
    max_points: Decimal | None = None  # points scheme
    points: Decimal | None = None      # rounded half-up to 2 places (points scheme)
    count: int | None = None           # members meeting it (member_ratio)
    denominator: int | None = None     # members counted
    ratio: Decimal | None = None       # count/denominator, exact (not rounded)
    target: Decimal | None = None
    passed: bool | None = None         # levels scheme (and informative for points)
    levels: tuple[int, ...] = ()       # levels scheme: levels this indicator is required for
    passed_levels: dict[int, bool] = field(default_factory=dict)  # levels scheme: pass/fail per level
    evidence: str | None = None
    note: str | None = None            # Vietnamese remark, e.g. "Chưa có bảng tự chấm của đơn vị"
    failing_members: list[Member] = field(default_factory=list)  # member_ratio: who does not meet it
    applicable: bool = True            # False: not asked of this kind of unit ("Không áp dụng")


@dataclass
class Score:
    """A rule set applied to one population (a department or the unit)."""

    criteria: list[CriterionResult]
    total: Decimal | None = None       # points scheme: sum of rounded criteria
    classification: str | None = None  # "Tốt" … / "Mức độ 1" … ; None for a department
    failing: list[str] = field(default_factory=list)  # levels scheme: codes blocking the next level
    concluded: str | None = None       # what a signed document may state (scoring.concluded_level); None: nothing

    def by_code(self) -> dict[str, CriterionResult]:
        return {c.code: c for c in self.criteria}


class DepartmentStatus(str, Enum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    MISSING = "missing"


@dataclass
class PopulationCounts:
    members: int = 0          # in the denominators
    excluded: int = 0         # left out with a "Không tính" reason
    pending_titles: int = 0   # counted members whose title is "Chưa xét"


@dataclass
class DepartmentResult:
    code: str
    name: str
    status: DepartmentStatus
    file: FileRecord | None = None             # the accepted (or newest rejected) file
    members: list[Member] = field(default_factory=list)  # all rows, excluded ones included
    counts: PopulationCounts = field(default_factory=PopulationCounts)
    score: Score | None = None                 # member-ratio criteria only; None unless accepted
    collective_title: Title | None = None


@dataclass
class UnitResult:
    code: str
    name: str
    members: list[Member]                      # all accepted members, every department
    counts: PopulationCounts
    score: Score
    collective_title: Title | None = None
    unit_file: FileRecord | None = None        # the accepted unit workbook, if any


@dataclass
class PeriodFigures:
    """One earlier period's results, from the ledger (dvht_batch.ledger.trends)."""

    period: Period
    ratios: dict[str, dict[str, Decimal | None]] = field(default_factory=dict)  # department ("" = unit) → code → ratio
    points: dict[str, dict[str, Decimal | None]] = field(default_factory=dict)  # same keys → points
    statuses: dict[str, str] = field(default_factory=dict)                      # department → DepartmentStatus value


@dataclass
class Trends:
    """Earlier periods of the same kind (months, or years), oldest first; the current one excluded."""

    history: list[PeriodFigures] = field(default_factory=list)

    @property
    def previous(self) -> PeriodFigures | None:
        return self.history[-1] if self.history else None

    def change(self, department: str, code: str, ratio: Decimal | None) -> Decimal | None:
        """Change since the previous period in percentage points (e.g. Decimal('12.5')), or None."""
        before = self.previous.ratios.get(department, {}).get(code) if self.previous else None
        if ratio is None or before is None:
            return None
        return (Decimal(ratio) - before) * 100


@dataclass(frozen=True)
class RunResult:
    """What was read and scored. Built once by `assess.aggregate.build_result`; never changed after (frozen)."""

    period: Period
    config: "object"                           # dvht_batch.setup.config.Config (avoid an import cycle)
    rule_set: "object"                         # dvht_batch.rules.RuleSet
    input_dir: Path
    files: list[FileRecord]
    departments: list[DepartmentResult]
    unit: UnitResult
    generated_at: datetime                     # the run's time, from the clock its caller passed in

    def file_status_counts(self) -> dict[FileStatus, int]:
        counts = {s: 0 for s in FileStatus}
        for f in self.files:
            counts[f.status] += 1
        return counts


@dataclass(frozen=True)
class RunContext:
    """What one run adds to its result, fixed before any writer starts (`period_outputs.write_outputs`).

    The default (no identifier, no earlier periods, no standing) is a result written outside a run:
    writers' tests, a preview.
    """

    run_id: str | None = None                  # in ket_qua.json, the ledger and every document's properties
    trends: Trends | None = None               # earlier periods from the history ledger, when there is one
    standing: "Standing | None" = None         # recognitions in force on the report's date (levels scheme)


NO_RUN = RunContext()
