"""The rule-set data model: groups, criteria (or indicators) and the rule set itself."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from dvht_batch.columns import expand
from dvht_batch.models import Title

BUNDLED = ("tt22-2020", "tt24-2023")

KINDS = {"ty_le_thanh_vien": "member_ratio", "don_vi_tu_cham": "unit_input", "danh_hieu_tap_the": "collective_title"}
MODES = {"ty_le": "proportional", "bac": "bands", "dat_hoac_khong": "all_or_nothing"}
SCHEMES = {"diem": "points", "muc_do": "levels"}


@dataclass(frozen=True)
class Group:
    code: str
    text: str


@dataclass(frozen=True)
class Criterion:
    code: str
    group: str
    text: str
    kind: str                                  # member_ratio | unit_input | collective_title
    max_points: Decimal | None = None          # points scheme
    column: str | None = None                  # member_ratio: a column key or a group ("nang_luc")
    predicate: str | None = None               # co | bang | danh_hieu_tu | du_nang_luc
    value: object = None                       # PlanStatus / Title for bang / danh_hieu_tu
    min_count: int | None = None               # du_nang_luc: how many of the group must be "Có"
    target: Decimal = Decimal(1)               # points scheme, member_ratio
    mode: str = "proportional"                 # proportional | bands | all_or_nothing
    bands: tuple[tuple[Decimal, Decimal], ...] = ()  # (min ratio, points), descending by ratio
    min_title: Title | None = None             # collective_title (points scheme)
    level_targets: dict[int, Decimal] = field(default_factory=dict)  # levels scheme, member_ratio
    level_titles: dict[int, Title] = field(default_factory=dict)     # levels scheme, collective_title
    levels: tuple[int, ...] = ()               # levels scheme: levels that require this indicator
    unconfirmed: bool = False                  # the text could not be checked against the law


@dataclass(frozen=True)
class RuleSet:
    id: str
    name: str
    version: str
    legal_basis: str
    scheme: str                                # points | levels
    groups: tuple[Group, ...]
    criteria: tuple[Criterion, ...]
    classes: tuple[tuple[str, Decimal], ...]   # points: (name, inclusive lower bound), descending
    fail_class: str                            # "Chưa đạt"
    max_total: Decimal | None = None
    levels: tuple[int, ...] = ()               # levels scheme: e.g. (1, 2)
    source: str = ""                           # "bundled:tt22-2020" or a path
    notes: str = ""

    @property
    def label(self) -> str:
        """'Thông tư 22/2020/TT-BGDĐT (tt22-2020, phiên bản 2020.1)' — printed in reports."""
        return f"{self.name} ({self.id}, phiên bản {self.version})"

    def member_columns(self) -> set[str]:
        """Member column keys the rule set reads: they become required in `Thanh_vien`."""
        return {key for c in self.criteria if c.kind == "member_ratio" for key in expand(c.column or "")}

    def unit_input_criteria(self) -> list[Criterion]:
        return [c for c in self.criteria if c.kind == "unit_input"]

    def group(self, code: str) -> Group | None:
        return next((g for g in self.groups if g.code == code), None)

    def level_name(self, level: int) -> str:
        return f"Mức độ {level}"
