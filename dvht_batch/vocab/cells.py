"""Cell vocabularies of docs/hop-dong.md §2 and §4: yes/no, plan status, emulation titles.

Each parser returns None (or a `TitleParse` without a title) for a value it does not understand;
intake turns that into an error naming the cell and the allowed values.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from dvht_batch.models import PlanStatus, Title
from dvht_batch.vn.text import fold

_YES = {"co", "x", "v", "1", "yes", "y", "true", "dat", "ok", "roi", "da", "co dat"}
_NO = {"khong", "0", "no", "n", "false", "chua", "khong dat", "k", "ko", "chua dat"}
_YES_MARKS = {"✓", "✔", "☑", "√", "x", "X"}
_NO_MARKS = {"-", "–", "—", "✗", "✘"}

YES_NO_HELP = "Có hoặc Không (cũng nhận: x, ✓, 1, đạt / 0, -, chưa, không đạt)"


def parse_yes_no(value: object) -> bool | None:
    """Có, x, ✓, 1, yes, true, đạt → True; Không, 0, no, false, chưa, không đạt, - → False."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return {1: True, 0: False}.get(value)  # type: ignore[arg-type]
    if not isinstance(value, str):
        return None
    raw = value.strip()
    if raw in _YES_MARKS:
        return True
    if raw in _NO_MARKS:
        return False
    key = fold(raw)
    if key in _YES:
        return True
    if key in _NO:
        return False
    return None


_PLAN = {
    "da phe duyet": PlanStatus.APPROVED, "phe duyet": PlanStatus.APPROVED, "duoc phe duyet": PlanStatus.APPROVED,
    "da duyet": PlanStatus.APPROVED, "dpd": PlanStatus.APPROVED,
    "da dang ky": PlanStatus.REGISTERED, "dang ky": PlanStatus.REGISTERED, "cho phe duyet": PlanStatus.REGISTERED,
    "chua phe duyet": PlanStatus.REGISTERED, "ddk": PlanStatus.REGISTERED,
    "chua dang ky": PlanStatus.NONE, "chua co": PlanStatus.NONE, "khong": PlanStatus.NONE, "chua": PlanStatus.NONE,
}
PLAN_HELP = "Đã phê duyệt, Đã đăng ký hoặc Chưa đăng ký"


def parse_plan_status(value: object) -> PlanStatus | None:
    """A Thanh_vien cell of the self-study plan column ("Đã phê duyệt"…) → PlanStatus; the plan file is plan.file.parse_plan."""
    return _PLAN.get(fold(value)) if isinstance(value, str) else None


# Titles: folded spelling or abbreviation → Title.
_TITLE_ALIASES: dict[Title, tuple[str, ...]] = {
    Title.PENDING: ("chua xet", "chua binh xet", "dang xet", "cho xet", "chua co ket qua"),
    Title.NONE: ("khong", "khong dat", "khong co", "0", "-"),
    Title.LDTT: ("lao dong tien tien", "ldtt", "ld tien tien", "lao dong tt"),
    Title.CSTD_CO_SO: ("chien si thi dua co so", "cstdcs", "cstd co so", "cstd cs", "chien si thi dua cs"),
    Title.CSTD_TINH: ("chien si thi dua cap bo ban nganh tinh", "chien si thi dua cap tinh", "chien si thi dua cap bo",
                      "cstd cap tinh", "cstd cap bo", "cstd tinh", "cstd cap bo ban nganh tinh"),
    Title.CSTD_TOAN_QUOC: ("chien si thi dua toan quoc", "cstdtq", "cstd toan quoc"),
    Title.TTLDTT: ("tap the lao dong tien tien", "ttldtt", "tt ldtt", "tap the ldtt"),
    Title.TTLDXS: ("tap the lao dong xuat sac", "ttldxs", "tt ldxs", "tap the ldxs"),
    Title.CO_TINH: ("co thi dua cap bo ban nganh tinh", "co thi dua cap tinh", "co thi dua cap bo", "co thi dua tinh",
                    "co thi dua cua ubnd tinh", "co thi dua cua bo"),
    Title.CO_CHINH_PHU: ("co thi dua cua chinh phu", "co thi dua chinh phu", "co chinh phu"),
}
_TITLES: dict[str, Title] = {alias: t for t, aliases in _TITLE_ALIASES.items() for alias in aliases}

# Not titles (docs/quy-tac.md §4): commendations and quality ratings. Matched as prefixes of the folded text.
_NOT_TITLES = {
    "bang khen": "Bằng khen là hình thức khen thưởng, không phải danh hiệu thi đua",
    "giay khen": "Giấy khen là hình thức khen thưởng, không phải danh hiệu thi đua",
    "hoan thanh xuat sac nhiem vu": "\"Hoàn thành xuất sắc nhiệm vụ\" là mức xếp loại chất lượng, không phải danh hiệu thi đua",
    "hoan thanh tot nhiem vu": "\"Hoàn thành tốt nhiệm vụ\" là mức xếp loại chất lượng, không phải danh hiệu thi đua",
    "hoan thanh nhiem vu": "\"Hoàn thành nhiệm vụ\" là mức xếp loại chất lượng, không phải danh hiệu thi đua",
    "khong hoan thanh nhiem vu": "\"Không hoàn thành nhiệm vụ\" là mức xếp loại chất lượng, không phải danh hiệu thi đua",
    "htxsnv": "\"HTXSNV\" (Hoàn thành xuất sắc nhiệm vụ) là mức xếp loại chất lượng, không phải danh hiệu thi đua",
    "httnv": "\"HTTNV\" (Hoàn thành tốt nhiệm vụ) là mức xếp loại chất lượng, không phải danh hiệu thi đua",
    "htnv": "\"HTNV\" (Hoàn thành nhiệm vụ) là mức xếp loại chất lượng, không phải danh hiệu thi đua",
    "chien si thi dua": "ghi rõ cấp của danh hiệu Chiến sĩ thi đua (cơ sở; cấp bộ, ban, ngành, tỉnh; toàn quốc)",
}


@dataclass(frozen=True)
class TitleParse:
    title: Title | None
    problem: str | None = None  # why the value is not a title (commendation, quality rating…)


def parse_title(value: object) -> TitleParse:
    if not isinstance(value, str):
        return TitleParse(None)
    key = fold(value)
    key = re.sub(r"^(danh hieu|dat danh hieu|dat)\s+", "", key)
    title = _TITLES.get(key) or _TITLES.get(key.replace(" ", ""))
    if title is not None:
        return TitleParse(title)
    for prefix, why in _NOT_TITLES.items():
        if key == prefix or key.startswith(prefix + " "):
            return TitleParse(None, why)
    return TitleParse(None)


def titles_help(kind: str) -> str:
    return ", ".join(t.label for t in Title if t.kind in (kind, "any"))
