"""The rule-set data model: groups, criteria (or indicators) and the rule set itself."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from dvht_batch.vocab.columns import expand
from dvht_batch.models import Title
from dvht_batch.rules.wording import WORDING

BUNDLED = ("tt22-2020", "tt24-2023")

KINDS = {"ty_le_thanh_vien": "member_ratio", "don_vi_tu_cham": "unit_input", "danh_hieu_tap_the": "collective_title"}
MODES = {"ty_le": "proportional", "bac": "bands", "dat_hoac_khong": "all_or_nothing"}
SCHEMES = {"diem": "points", "muc_do": "levels"}


@dataclass(frozen=True)
class Group:
    code: str
    text: str
    unconfirmed: bool = False                  # the group's name is not confirmed against the law
    missing_levels: tuple[int, ...] = ()       # chua_du_chi_tieu: levels with indicators the file does not list
    missing_by_tier: dict = field(default_factory=dict)     # chua_du_chi_tieu per tier ("*": every tier)
    articles_by_tier: dict = field(default_factory=dict)   # dieu, as written (rules/articles.py)
    level_articles: dict = field(default_factory=dict)     # level → article, for the unit's tier (for_tier)


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
    unconfirmed: bool = False                  # the content could not be checked against the law
    unconfirmed_wording: bool = False          # content confirmed, wording a summary (not verbatim)
    unconfirmed_levels: tuple[int, ...] = ()   # levels whose requirement (threshold, title) is unconfirmed
    applies_to: tuple[str, ...] = ()           # unit kinds (unit_kinds.UNIT_KINDS); () = every unit
    unconfirmed_by_tier: dict = field(default_factory=dict)  # chua_xac_nhan_muc_do per tier ("*": every tier)
    articles_by_tier: dict = field(default_factory=dict)     # dieu, as written (rules/articles.py)
    level_articles: dict[int, str] = field(default_factory=dict)  # level → article, for the unit's tier
    law: str = ""                              # the text the articles belong to: "Thông tư số 24/2023/TT-BGDĐT"

    def applies(self, unit_kind: str | None) -> bool:
        """Is the indicator asked of this kind of unit? An undeclared kind is asked everything."""
        return not self.applies_to or unit_kind is None or unit_kind in self.applies_to

    @property
    def has_unconfirmed(self) -> bool:
        return self.unconfirmed or self.unconfirmed_wording or bool(self.unconfirmed_levels)


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
    issued_on: date | None = None              # ngay_ban_hanh: the legal text's date
    in_force_from: date | None = None          # hieu_luc_tu
    repealed_on: date | None = None            # het_hieu_luc_tu: from this day the text is no longer in force
    repealed_by: str = ""                      # van_ban_thay_the: the text that replaced it
    cited_as: str = ""                         # trich_dan: "Thông tư số 24/2023/TT-BGDĐT"
    tier: str | None = None                    # the unit's administrative level once resolved (articles.for_tier)
    validity: str = ""                         # thoi_han_cong_nhan: how long a recognition holds (ledger/recognition)

    def repealed_for(self, last_day: date) -> bool:
        """Was the legal text repealed on or before the last day of a period?"""
        return self.repealed_on is not None and last_day >= self.repealed_on

    @property
    def citation(self) -> str:
        """How a document cites the text next to an article: 'Thông tư số 24/2023/TT-BGDĐT'."""
        return self.cited_as or self.name

    @property
    def label(self) -> str:
        """'Thông tư 22/2020/TT-BGDĐT (tt22-2020, phiên bản 2020.1)' — printed in reports."""
        return f"{self.name} ({self.id}, phiên bản {self.version})"

    def member_columns(self) -> set[str]:
        """Member column keys the rule set reads: they become required in `Thanh_vien`."""
        return {key for c in self.criteria if c.kind == "member_ratio" for key in expand(c.column or "")}

    def unit_input_criteria(self, unit_kind: str | None = None) -> list[Criterion]:
        """Criteria the unit self-assesses; with `unit_kind`, only those asked of that kind of unit."""
        return [c for c in self.criteria if c.kind == "unit_input" and c.applies(unit_kind)]

    def group(self, code: str) -> Group | None:
        return next((g for g in self.groups if g.code == code), None)

    def level_name(self, level: int) -> str:
        return f"Mức độ {level}"

    @property
    def wording(self):
        """How documents speak of this scheme (rules/wording.py): one table per scheme."""
        return WORDING[self.scheme]
