"""Rule sets as data: the bundled `tt22-2020.toml`, `tt24-2023.toml`, or a user's own file.

`load_rule_set(name_or_path)` validates a rule file and reports every mistake at once, in
Vietnamese, naming the criterion and key. The format is documented in docs/bo-tieu-chi.md.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path

from dvht_batch.columns import COLUMNS_BY_KEY, PREDICATE_KINDS, expand
from dvht_batch.errors import RuleSetError
from dvht_batch.models import PlanStatus, Title

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


def load_rule_set(name_or_path: str, base_dir: Path | None = None) -> RuleSet:
    """A bundled id ("tt22-2020") or a path (relative to `base_dir`, the config's folder)."""
    if name_or_path in BUNDLED:
        text = resources.files(__name__).joinpath(f"{name_or_path}.toml").read_text(encoding="utf-8")
        return parse_rule_set(text, f"bundled:{name_or_path}")
    path = Path(name_or_path)
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    if not path.is_file():
        raise RuleSetError(
            f"Không tìm thấy bộ tiêu chí '{name_or_path}': dùng {' hoặc '.join(BUNDLED)}, "
            f"hoặc đường dẫn tới tệp .toml của đơn vị (tìm tại '{path}')."
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleSetError(f"Không đọc được tệp tiêu chí '{path}' (cần UTF-8): {exc}.") from None
    return parse_rule_set(text, str(path))


def parse_rule_set(text: str, source: str) -> RuleSet:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleSetError(f"Tệp tiêu chí '{source}' sai cú pháp TOML: {exc}.", [f"sai cú pháp TOML: {exc}"]) from None
    p = _Problems()
    rs = _parse(data, source, p)
    if p.items:
        raise RuleSetError(
            f"Tệp tiêu chí '{source}' có {len(p.items)} lỗi:\n" + "\n".join(f"  - {x}" for x in p.items), p.items
        )
    assert rs is not None
    return rs


class _Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, what: str) -> None:
        self.items.append(f"{where}: {what}")


def _dec(value, where: str, key: str, p: _Problems, lo: Decimal | None = None, hi: Decimal | None = None):
    if value is None:
        return None
    if isinstance(value, bool):
        p.add(where, f"'{key}' phải là số (ví dụ \"0.90\"), không phải true/false")
        return None
    try:
        d = Decimal(str(value).replace(",", ".").strip())
    except InvalidOperation:
        p.add(where, f"'{key}' = '{value}' không phải số; ghi ví dụ \"0.90\" hoặc 10")
        return None
    if not d.is_finite() or (lo is not None and d < lo) or (hi is not None and d > hi):
        rng = f" trong khoảng {lo}…{hi}" if lo is not None and hi is not None else ""
        p.add(where, f"'{key}' = {value} không hợp lệ{rng}")
        return None
    return d


def _title(value, where: str, key: str, kind: str, p: _Problems) -> Title | None:
    from dvht_batch.vocab import parse_title  # local: vocab imports models only

    parsed = parse_title(str(value)) if isinstance(value, str) else None
    if parsed is None or parsed.title is None or parsed.title.kind != kind or parsed.title.rank < 1:
        names = ", ".join(t.label for t in Title if t.kind == kind)
        p.add(where, f"'{key}' = '{value}' không phải danh hiệu {'tập thể' if kind == 'collective' else 'cá nhân'}; dùng một trong: {names}")
        return None
    return parsed.title


def _keys(table: dict, allowed: set[str], where: str, p: _Problems) -> None:
    for k in table:
        if k not in allowed:
            p.add(where, f"khóa không được hỗ trợ '{k}'")


_HEAD_KEYS = {"ma", "ten", "phien_ban", "can_cu", "cach_tinh", "diem_toi_da", "muc_do", "ghi_chu"}
_CRIT_KEYS = {"ma", "nhom", "noi_dung", "diem_toi_da", "loai", "cot", "dieu_kien", "gia_tri", "so_toi_thieu",
              "muc_tieu", "cach_cham", "bac", "toi_thieu", "muc_do", "chua_xac_nhan", "ghi_chu"}


def _parse(data: dict, source: str, p: _Problems) -> RuleSet | None:
    _keys(data, {"bo_tieu_chi", "nhom", "tieu_chi", "xep_loai", "xep_loai_khac"}, "tệp", p)
    head = data.get("bo_tieu_chi")
    if not isinstance(head, dict):
        p.add("tệp", "thiếu bảng [bo_tieu_chi] (ma, ten, phien_ban, cach_tinh)")
        return None
    _keys(head, _HEAD_KEYS, "[bo_tieu_chi]", p)
    for k in ("ma", "ten", "phien_ban"):
        if not isinstance(head.get(k), str) or not head[k].strip():
            p.add("[bo_tieu_chi]", f"thiếu khóa bắt buộc '{k}' (chuỗi văn bản)")
    scheme = SCHEMES.get(head.get("cach_tinh", ""))
    if scheme is None:
        p.add("[bo_tieu_chi]", f"'cach_tinh' = '{head.get('cach_tinh')}' không hợp lệ: dùng \"diem\" hoặc \"muc_do\"")
        return None
    levels: tuple[int, ...] = ()
    if scheme == "levels":
        raw_levels = head.get("muc_do", [1, 2])
        if not isinstance(raw_levels, list) or not raw_levels or not all(isinstance(x, int) and x >= 1 for x in raw_levels):
            p.add("[bo_tieu_chi]", "'muc_do' phải là danh sách số nguyên dương, ví dụ [1, 2]")
        else:
            levels = tuple(sorted(set(raw_levels)))

    groups = []
    for i, g in enumerate(data.get("nhom", []), start=1):
        if not isinstance(g, dict) or not isinstance(g.get("ma"), str) or not isinstance(g.get("ten"), str):
            p.add(f"[[nhom]] thứ {i}", "cần 'ma' và 'ten' (chuỗi văn bản)")
            continue
        _keys(g, {"ma", "ten", "ghi_chu"}, f"[[nhom]] {g['ma']}", p)
        groups.append(Group(g["ma"].strip(), g["ten"].strip()))
    group_codes = {g.code for g in groups}

    criteria: list[Criterion] = []
    seen: set[str] = set()
    raw_criteria = data.get("tieu_chi", [])
    if not raw_criteria:
        p.add("tệp", "không có tiêu chí nào: thêm các bảng [[tieu_chi]]")
    for i, raw in enumerate(raw_criteria, start=1):
        crit = _criterion(raw, i, scheme, levels, group_codes, p)
        if crit is None:
            continue
        if crit.code in seen:
            p.add(f"tiêu chí {crit.code}", "mã tiêu chí bị lặp lại")
            continue
        seen.add(crit.code)
        criteria.append(crit)

    classes: list[tuple[str, Decimal]] = []
    max_total = _dec(head.get("diem_toi_da"), "[bo_tieu_chi]", "diem_toi_da", p, Decimal(0))
    if scheme == "points":
        for i, c in enumerate(data.get("xep_loai", []), start=1):
            where = f"[[xep_loai]] thứ {i}"
            if not isinstance(c, dict) or not isinstance(c.get("ten"), str):
                p.add(where, "cần 'ten' và 'tu' (điểm tối thiểu, tính cả cận dưới)")
                continue
            _keys(c, {"ten", "tu"}, where, p)
            bound = _dec(c.get("tu"), where, "tu", p, Decimal(0))
            if bound is None:
                p.add(where, "thiếu 'tu' (điểm tối thiểu)") if c.get("tu") is None else None
                continue
            classes.append((c["ten"].strip(), bound))
        if not classes:
            p.add("tệp", "thiếu bảng xếp loại [[xep_loai]] (ten, tu)")
        bounds = [b for _, b in classes]
        if bounds != sorted(bounds, reverse=True) or len(set(bounds)) != len(bounds):
            p.add("[[xep_loai]]", "các mức phải xếp từ cao xuống thấp, điểm 'tu' giảm dần và không trùng")
        total_max = sum((c.max_points or Decimal(0)) for c in criteria)
        if max_total is not None and criteria and total_max != max_total:
            p.add("[bo_tieu_chi]", f"tổng điểm tối đa của các tiêu chí là {total_max}, khác 'diem_toi_da' = {max_total}")
    other = data.get("xep_loai_khac", {})
    fail_class = other.get("ten", "Chưa đạt") if isinstance(other, dict) else "Chưa đạt"

    if p.items:
        return None
    return RuleSet(
        id=head["ma"].strip(), name=head["ten"].strip(), version=head["phien_ban"].strip(),
        legal_basis=str(head.get("can_cu", "")).strip(), scheme=scheme, groups=tuple(groups),
        criteria=tuple(criteria), classes=tuple(classes), fail_class=fail_class, max_total=max_total,
        levels=levels, source=source, notes=str(head.get("ghi_chu", "")).strip(),
    )


def _criterion(raw, index: int, scheme: str, levels: tuple[int, ...], group_codes: set[str], p: _Problems):
    if not isinstance(raw, dict):
        p.add(f"[[tieu_chi]] thứ {index}", "phải là một bảng")
        return None
    code = raw.get("ma")
    where = f"tiêu chí {code}" if isinstance(code, str) and code.strip() else f"[[tieu_chi]] thứ {index}"
    _keys(raw, _CRIT_KEYS, where, p)
    if not isinstance(code, str) or not code.strip():
        p.add(where, "thiếu 'ma' (mã tiêu chí, ví dụ \"2a\")")
        return None
    text = raw.get("noi_dung")
    if not isinstance(text, str) or not text.strip():
        p.add(where, "thiếu 'noi_dung' (nội dung tiêu chí)")
    group = str(raw.get("nhom", "")).strip()
    if group_codes and group not in group_codes:
        p.add(where, f"'nhom' = '{group}' không có trong các [[nhom]] ({', '.join(sorted(group_codes))})")
    kind = KINDS.get(raw.get("loai", ""))
    if kind is None:
        p.add(where, f"'loai' = '{raw.get('loai')}' không hợp lệ: dùng {', '.join(KINDS)}")
        return None
    fields: dict = {}
    if scheme == "points":
        fields["max_points"] = _dec(raw.get("diem_toi_da"), where, "diem_toi_da", p, Decimal(0))
        if fields["max_points"] is None and "diem_toi_da" not in raw:
            p.add(where, "thiếu 'diem_toi_da'")
    else:
        req = raw.get("muc_do", list(levels))
        if not isinstance(req, list) or not req or not set(req) <= set(levels):
            p.add(where, f"'muc_do' phải là danh sách các mức trong {list(levels)}")
        else:
            fields["levels"] = tuple(sorted(set(req)))
    if kind == "member_ratio":
        _member_fields(raw, where, scheme, fields, p)
    elif kind == "collective_title":
        if scheme == "points":
            fields["min_title"] = _title(raw.get("toi_thieu"), where, "toi_thieu", "collective", p)
        else:
            fields["level_titles"] = _per_level(raw.get("toi_thieu"), where, "toi_thieu", fields.get("levels", ()), p,
                                                lambda v, w, k: _title(v, w, k, "collective", p))
    fields["unconfirmed"] = bool(raw.get("chua_xac_nhan", False))
    return Criterion(code=code.strip(), group=group, text=(text or "").strip(), kind=kind, **fields)


def _member_fields(raw: dict, where: str, scheme: str, fields: dict, p: _Problems) -> None:
    column, predicate = raw.get("cot"), raw.get("dieu_kien")
    keys = expand(column) if isinstance(column, str) else ()
    if not keys or any(k not in COLUMNS_BY_KEY for k in keys):
        usable = sorted(k for k, c in COLUMNS_BY_KEY.items() if c.kind in ("yesno", "plan", "title")) + ["nang_luc"]
        p.add(where, f"'cot' = '{column}' không phải cột thành viên; dùng một trong: {', '.join(usable)}")
        return
    if predicate not in PREDICATE_KINDS:
        p.add(where, f"'dieu_kien' = '{predicate}' không hợp lệ: dùng {', '.join(PREDICATE_KINDS)}")
        return
    col_kind = COLUMNS_BY_KEY[keys[0]].kind
    if col_kind not in PREDICATE_KINDS[predicate] or (predicate == "du_nang_luc") != (len(keys) > 1):
        p.add(where, f"'dieu_kien' = '{predicate}' không dùng được với cột '{column}'")
        return
    fields.update(column=column, predicate=predicate)
    if predicate == "bang":
        try:
            fields["value"] = PlanStatus(raw.get("gia_tri"))
        except ValueError:
            p.add(where, f"'gia_tri' = '{raw.get('gia_tri')}' không hợp lệ: dùng {', '.join(s.value for s in PlanStatus)}")
    elif predicate == "danh_hieu_tu":
        fields["value"] = _title(raw.get("gia_tri"), where, "gia_tri", "individual", p)
    elif predicate == "du_nang_luc":
        k = raw.get("so_toi_thieu", len(keys))
        if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= len(keys):
            p.add(where, f"'so_toi_thieu' phải là số nguyên từ 1 đến {len(keys)}")
        else:
            fields["min_count"] = k
    if scheme == "levels":
        fields["level_targets"] = _per_level(raw.get("muc_tieu"), where, "muc_tieu", fields.get("levels", ()), p,
                                             lambda v, w, k: _dec(v, w, k, p, Decimal(0), Decimal(1)))
        return
    target = _dec(raw.get("muc_tieu", "1"), where, "muc_tieu", p, Decimal(0), Decimal(1))
    if target is not None and target == 0:
        p.add(where, "'muc_tieu' phải lớn hơn 0")
    fields["target"] = target or Decimal(1)
    mode = MODES.get(raw.get("cach_cham", "ty_le"))
    if mode is None:
        p.add(where, f"'cach_cham' = '{raw.get('cach_cham')}' không hợp lệ: dùng {', '.join(MODES)}")
        return
    fields["mode"] = mode
    if mode == "bands":
        fields["bands"] = _bands(raw.get("bac"), where, fields.get("max_points"), p)
    elif "bac" in raw:
        p.add(where, "'bac' chỉ dùng khi cach_cham = \"bac\"")


def _bands(raw, where: str, max_points: Decimal | None, p: _Problems) -> tuple[tuple[Decimal, Decimal], ...]:
    if not isinstance(raw, list) or not raw:
        p.add(where, "cach_cham = \"bac\" cần 'bac' = [[\"tỷ lệ tối thiểu\", \"điểm\"], …], ví dụ [[\"1.00\", 10], [\"0.90\", 8]]")
        return ()
    bands = []
    for j, pair in enumerate(raw, start=1):
        if not isinstance(pair, list) or len(pair) != 2:
            p.add(where, f"bậc thứ {j} phải có dạng [\"tỷ lệ tối thiểu\", điểm]")
            continue
        ratio = _dec(pair[0], where, f"bac[{j}] tỷ lệ", p, Decimal(0), Decimal(1))
        points = _dec(pair[1], where, f"bac[{j}] điểm", p, Decimal(0), max_points)
        if ratio is not None and points is not None:
            bands.append((ratio, points))
    ratios = [r for r, _ in bands]
    if ratios != sorted(ratios, reverse=True) or len(set(ratios)) != len(ratios):
        p.add(where, "các bậc phải xếp theo tỷ lệ giảm dần, không trùng")
    elif [pt for _, pt in bands] != sorted((pt for _, pt in bands), reverse=True):
        p.add(where, "điểm của các bậc phải giảm dần theo tỷ lệ")
    return tuple(bands)


def _per_level(raw, where: str, key: str, levels: tuple[int, ...], p: _Problems, parse) -> dict:
    """`muc_tieu = {1 = "0.90", 2 = "0.95"}` — one threshold per level the indicator is required for."""
    if not isinstance(raw, dict):
        p.add(where, f"'{key}' phải là bảng theo mức độ, ví dụ {key} = {{ 1 = \"0.90\", 2 = \"0.95\" }}")
        return {}
    result = {}
    for lv in levels:
        value = raw.get(str(lv))
        if value is None:
            p.add(where, f"'{key}' thiếu giá trị cho mức độ {lv}")
            continue
        parsed = parse(value, where, f"{key}.{lv}")
        if parsed is not None:
            result[lv] = parsed
    for k in raw:
        if not k.isdigit() or int(k) not in levels:
            p.add(where, f"'{key}.{k}' không phải mức độ của tiêu chí này ({list(levels)})")
    return result
