"""Parsing and validating a rule file's TOML data into a `RuleSet`, collecting every problem.

Messages are Vietnamese, name the criterion and the key, and say how to fix it.
"""
from __future__ import annotations

import re
from decimal import Decimal

from dvht_batch.columns import COLUMNS_BY_KEY, PREDICATE_KINDS, expand
from dvht_batch.models import PlanStatus
from dvht_batch.rules import legal
from dvht_batch.rules.model import KINDS, MODES, SCHEMES, Criterion, Group, RuleSet
from dvht_batch.rules.values import Problems, check_keys, decimal_value, is_text, ratio_value, title_value
from dvht_batch.vn.text import fold

def _code_key(code: str) -> str:
    """Codes as the unit workbook's Tieu_chi sheet compares them: '1.1' = '11', '1A' = '1a'."""
    return fold(code).replace(" ", "").replace(".", "")


_HEAD_KEYS = {"ma", "ten", "phien_ban", "can_cu", "cach_tinh", "diem_toi_da", "muc_do", "ghi_chu"} | legal.HEAD_KEYS
_CRIT_KEYS = {"ma", "nhom", "noi_dung", "diem_toi_da", "loai", "cot", "dieu_kien", "gia_tri", "so_toi_thieu",
              "muc_tieu", "cach_cham", "bac", "toi_thieu", "muc_do", "ghi_chu"} | legal.CRITERION_KEYS
# Keys that belong to one kind of criterion or one scheme only (explained when misplaced).
_MEMBER_ONLY = ("cot", "dieu_kien", "gia_tri", "so_toi_thieu", "muc_tieu", "cach_cham", "bac")
_POINTS_ONLY = ("diem_toi_da", "cach_cham", "bac")
_BAD_ID = re.compile(r"[\\/:*?\"<>|\x00-\x1f]")
# The predicate each column kind takes (a hint when 'dieu_kien' is missing or wrong).
_PREDICATE_FOR = {"yesno": "co", "plan": "bang", "title": "danh_hieu_tu"}


def parse_data(data: dict, source: str, p: Problems) -> RuleSet | None:
    check_keys(data, {"bo_tieu_chi", "nhom", "tieu_chi", "xep_loai", "xep_loai_khac"}, "tệp", p)
    head = data.get("bo_tieu_chi")
    if not isinstance(head, dict):
        extra = " — dùng một dấu ngoặc vuông [bo_tieu_chi], không phải [[bo_tieu_chi]]" if isinstance(head, list) else ""
        p.add("tệp", f"thiếu bảng [bo_tieu_chi] (ma, ten, phien_ban, cach_tinh){extra}")
        return None
    check_keys(head, _HEAD_KEYS, "[bo_tieu_chi]", p)
    legal_fields = legal.head_fields(head, p)
    for k in ("ma", "ten", "phien_ban"):
        if k not in head:
            p.add("[bo_tieu_chi]", f"thiếu khóa bắt buộc '{k}'")
        elif not is_text(head[k]):
            p.add("[bo_tieu_chi]", f"'{k}' phải là chuỗi chữ trong ngoặc kép, ví dụ {k} = \"2025.1\"")
    if is_text(head.get("ma")) and _BAD_ID.search(head["ma"]):
        p.add("[bo_tieu_chi]", f"'ma' = '{head['ma']}' có ký tự không dùng được trong tên tệp (\\ / : * ? \" < > |); "
                               "dùng chữ, số và dấu gạch ngang, ví dụ \"tinh-an-phuoc-2025\"")
    if "cach_tinh" not in head:
        p.add("[bo_tieu_chi]", "thiếu 'cach_tinh': ghi \"diem\" (chấm điểm, như TT 22) hoặc \"muc_do\" (công nhận "
                               "mức độ, như TT 24)")
        return None
    scheme = SCHEMES.get(head["cach_tinh"]) if isinstance(head["cach_tinh"], str) else None
    if scheme is None:
        p.add("[bo_tieu_chi]", f"'cach_tinh' = '{head.get('cach_tinh')}' không hợp lệ: dùng \"diem\" hoặc \"muc_do\"")
        return None
    levels: tuple[int, ...] = ()
    if scheme == "levels":
        raw_levels = head.get("muc_do", [1, 2])
        if not isinstance(raw_levels, list) or not raw_levels or not all(
                isinstance(x, int) and not isinstance(x, bool) and x >= 1 for x in raw_levels):
            p.add("[bo_tieu_chi]", "'muc_do' phải là danh sách số nguyên dương, ví dụ [1, 2]")
        else:
            levels = tuple(sorted(set(raw_levels)))
        if "diem_toi_da" in head:
            p.add("[bo_tieu_chi]", "'diem_toi_da' chỉ dùng khi cach_tinh = \"diem\"; cách tính theo mức độ không có điểm")
        if "xep_loai" in data:
            p.add("[[xep_loai]]", "chỉ dùng khi cach_tinh = \"diem\"; theo mức độ, kết quả là tên mức độ đạt được "
                                  "(Mức độ 1, Mức độ 2…) hoặc tên trong [xep_loai_khac]")
    elif "muc_do" in head:
        p.add("[bo_tieu_chi]", "'muc_do' chỉ dùng khi cach_tinh = \"muc_do\"")

    groups = []
    raw_groups = data.get("nhom", [])
    if not isinstance(raw_groups, list):
        p.add("tệp", "các nhóm phải khai báo bằng [[nhom]] (hai dấu ngoặc vuông), mỗi nhóm một bảng")
        raw_groups = []
    for i, g in enumerate(raw_groups, start=1):
        if not isinstance(g, dict) or not is_text(g.get("ma")) or not is_text(g.get("ten")):
            p.add(f"[[nhom]] thứ {i}", "cần 'ma' và 'ten' (chuỗi chữ trong ngoặc kép, ví dụ ma = \"1\")")
            continue
        check_keys(g, {"ma", "ten", "ghi_chu", "chua_xac_nhan"}, f"[[nhom]] {g['ma']}", p)
        if any(x.code == g["ma"].strip() for x in groups):
            p.add(f"[[nhom]] {g['ma']}", "mã nhóm bị lặp lại")
            continue
        if not isinstance(g.get("chua_xac_nhan", False), bool):
            p.add(f"[[nhom]] {g['ma']}", "'chua_xac_nhan' phải là true hoặc false (không có ngoặc kép)")
        groups.append(Group(g["ma"].strip(), g["ten"].strip(), unconfirmed=g.get("chua_xac_nhan") is True))
    group_codes = {g.code for g in groups}

    criteria: list[Criterion] = []
    seen: dict[str, str] = {}
    raw_criteria = data.get("tieu_chi", [])
    if not isinstance(raw_criteria, list):
        p.add("tệp", "các tiêu chí phải khai báo bằng [[tieu_chi]] (hai dấu ngoặc vuông), mỗi tiêu chí một bảng")
        raw_criteria = []
    elif not raw_criteria:
        p.add("tệp", "không có tiêu chí nào: thêm các bảng [[tieu_chi]]")
    for i, raw in enumerate(raw_criteria, start=1):
        crit = _criterion(raw, i, scheme, levels, group_codes, p)
        if crit is None:
            continue
        key = _code_key(crit.code)
        if key in seen:
            same = seen[key] == crit.code
            p.add(f"tiêu chí {crit.code}", "mã tiêu chí bị lặp lại" if same else
                  f"mã trùng với tiêu chí {seen[key]} (khi đọc bảng tự đánh giá, mã được so sánh không phân biệt "
                  "chữ hoa, dấu chấm và khoảng trắng)")
            continue
        seen[key] = crit.code
        criteria.append(crit)
    if scheme == "levels" and levels and criteria:
        for lv in levels:
            if not any(lv in c.levels for c in criteria):
                p.add("[bo_tieu_chi]", f"mức độ {lv} không có chỉ tiêu nào yêu cầu (xem 'muc_do' của các tiêu chí)")

    classes: list[tuple[str, Decimal]] = []
    max_total = None
    if scheme == "points":
        max_total = decimal_value(head.get("diem_toi_da"), "[bo_tieu_chi]", "diem_toi_da", p, Decimal(0))
        raw_classes = data.get("xep_loai", [])
        if not isinstance(raw_classes, list):
            p.add("tệp", "các mức xếp loại phải khai báo bằng [[xep_loai]] (hai dấu ngoặc vuông)")
            raw_classes = []
        for i, c in enumerate(raw_classes, start=1):
            where = f"[[xep_loai]] thứ {i}"
            if not isinstance(c, dict) or not is_text(c.get("ten")):
                p.add(where, "cần 'ten' và 'tu' (điểm tối thiểu, tính cả cận dưới)")
                continue
            check_keys(c, {"ten", "tu"}, where, p)
            if c.get("tu") is None:
                p.add(where, "thiếu 'tu' (điểm tối thiểu, tính cả cận dưới)")
                continue
            bound = decimal_value(c.get("tu"), where, "tu", p, Decimal(0))
            if bound is not None:
                classes.append((c["ten"].strip(), bound))
        if not classes and not raw_classes:
            p.add("tệp", "thiếu bảng xếp loại [[xep_loai]] (ten, tu)")
        bounds = [b for _, b in classes]
        if bounds != sorted(bounds, reverse=True) or len(set(bounds)) != len(bounds):
            p.add("[[xep_loai]]", "các mức phải xếp từ cao xuống thấp, điểm 'tu' giảm dần và không trùng")
        total_max = sum((c.max_points or Decimal(0)) for c in criteria)
        if max_total is not None and criteria and total_max != max_total:
            p.add("[bo_tieu_chi]", f"tổng điểm tối đa của các tiêu chí là {total_max}, khác 'diem_toi_da' = {max_total}")
        if max_total is not None and bounds and bounds[0] > max_total:
            p.add("[[xep_loai]]", f"mức cao nhất bắt đầu từ {bounds[0]} điểm, lớn hơn 'diem_toi_da' = {max_total}")
    fail_class = "Chưa đạt"
    other = data.get("xep_loai_khac", {})
    if not isinstance(other, dict):
        p.add("[xep_loai_khac]", "phải là một bảng: [xep_loai_khac] rồi dòng ten = \"Chưa đạt\"")
    else:
        check_keys(other, {"ten"}, "[xep_loai_khac]", p)
        if "ten" in other and not is_text(other["ten"]):
            p.add("[xep_loai_khac]", "'ten' phải là chuỗi chữ, ví dụ ten = \"Chưa đạt\"")
        elif "ten" in other:
            fail_class = other["ten"].strip()

    if p.items:
        return None
    return RuleSet(
        id=head["ma"].strip(), name=head["ten"].strip(), version=head["phien_ban"].strip(),
        legal_basis=str(head.get("can_cu", "")).strip(), scheme=scheme, groups=tuple(groups),
        criteria=tuple(criteria), classes=tuple(classes), fail_class=fail_class, max_total=max_total,
        levels=levels, source=source, notes=str(head.get("ghi_chu", "")).strip(), **legal_fields,
    )


def _criterion(raw, index: int, scheme: str, levels: tuple[int, ...], group_codes: set[str], p: Problems):
    if not isinstance(raw, dict):
        p.add(f"[[tieu_chi]] thứ {index}", "phải là một bảng")
        return None
    code = raw.get("ma")
    where = f"tiêu chí {code}" if is_text(code) else f"[[tieu_chi]] thứ {index}"
    check_keys(raw, _CRIT_KEYS, where, p)
    if not is_text(code):
        p.add(where, "thiếu 'ma' (mã tiêu chí, chuỗi trong ngoặc kép, ví dụ \"2a\" hoặc \"2.1\")")
        return None
    text = raw.get("noi_dung")
    if not is_text(text):
        p.add(where, "thiếu 'noi_dung' (nội dung tiêu chí)")
    group = str(raw.get("nhom", "")).strip()
    if group_codes and "nhom" not in raw:
        p.add(where, f"thiếu 'nhom' (một trong các [[nhom]]: {', '.join(sorted(group_codes))})")
    elif group_codes and group not in group_codes:
        p.add(where, f"'nhom' = '{group}' không có trong các [[nhom]] ({', '.join(sorted(group_codes))})")
    if "loai" not in raw:
        p.add(where, f"thiếu 'loai': dùng {', '.join(KINDS)}")
        return None
    kind = KINDS.get(raw["loai"]) if isinstance(raw["loai"], str) else None
    if kind is None:
        p.add(where, f"'loai' = '{raw.get('loai')}' không hợp lệ: dùng {', '.join(KINDS)}")
        return None
    for k in raw:  # keys that do not belong to this scheme or this kind of criterion
        if scheme == "levels" and k in _POINTS_ONLY:
            p.add(where, f"'{k}' chỉ dùng khi cach_tinh = \"diem\"; theo mức độ, mỗi chỉ tiêu là Đạt / Không đạt "
                         "(ngưỡng theo mức độ ghi ở 'muc_tieu' hoặc 'toi_thieu')")
        elif scheme == "points" and k == "muc_do":
            p.add(where, "'muc_do' chỉ dùng khi cach_tinh = \"muc_do\"")
        elif k in _MEMBER_ONLY and kind != "member_ratio":
            p.add(where, f"'{k}' chỉ dùng với loai = \"ty_le_thanh_vien\", không dùng với loai = \"{raw['loai']}\"")
        elif k == "toi_thieu" and kind != "collective_title":
            tip = " (tỷ lệ thành viên đạt danh hiệu: ghi danh hiệu vào 'gia_tri')" if kind == "member_ratio" else ""
            p.add(where, f"'toi_thieu' chỉ dùng với loai = \"danh_hieu_tap_the\"{tip}")
    fields: dict = {}
    if scheme == "points":
        if "diem_toi_da" not in raw:
            p.add(where, "thiếu 'diem_toi_da' (điểm tối đa của tiêu chí)")
        else:
            fields["max_points"] = decimal_value(raw.get("diem_toi_da"), where, "diem_toi_da", p, Decimal(0))
    else:
        req = raw.get("muc_do", list(levels))
        if not isinstance(req, list) or not req or not all(isinstance(x, int) and not isinstance(x, bool) for x in req) \
                or not set(req) <= set(levels):
            p.add(where, f"'muc_do' phải là danh sách các mức trong {list(levels)}, ví dụ muc_do = [2] cho chỉ tiêu "
                         "chỉ yêu cầu ở Mức độ 2")
        else:
            fields["levels"] = tuple(sorted(set(req)))
    if kind == "member_ratio":
        _member_fields(raw, where, scheme, fields, p)
    elif kind == "collective_title":
        if scheme == "points":
            fields["min_title"] = title_value(raw.get("toi_thieu"), where, "toi_thieu", "collective", p)
        elif "levels" in fields:
            titles = _per_level(raw.get("toi_thieu"), where, "toi_thieu", fields["levels"], p,
                                lambda v, w, k: title_value(v, w, k, "collective", p))
            _rising(titles, where, "toi_thieu", lambda t: t.rank, p)
            fields["level_titles"] = titles
    fields.update(legal.criterion_fields(raw, where, scheme, fields.get("levels", ()), p))
    return Criterion(code=code.strip(), group=group, text=(text or "").strip(), kind=kind, **fields)


def _member_fields(raw: dict, where: str, scheme: str, fields: dict, p: Problems) -> None:
    column, predicate = raw.get("cot"), raw.get("dieu_kien")
    keys = expand(column) if isinstance(column, str) else ()
    usable = sorted(k for k, c in COLUMNS_BY_KEY.items() if c.kind in ("yesno", "plan", "title")) + ["nang_luc"]
    if column is None:
        p.add(where, f"thiếu 'cot' (cột của sheet Thanh_vien mà tiêu chí đọc); dùng một trong: {', '.join(usable)}")
        return
    if not keys or any(k not in COLUMNS_BY_KEY or COLUMNS_BY_KEY[k].kind not in ("yesno", "plan", "title")
                       for k in keys):
        p.add(where, f"'cot' = '{column}' không phải cột tiêu chí của thành viên; dùng một trong: {', '.join(usable)}")
        return
    col_kind = COLUMNS_BY_KEY[keys[0]].kind
    fitting = "du_nang_luc" if len(keys) > 1 else _PREDICATE_FOR.get(col_kind, "co")
    if predicate is None:
        p.add(where, f"thiếu 'dieu_kien'; với cột '{column}' dùng dieu_kien = \"{fitting}\"")
        return
    if predicate not in PREDICATE_KINDS:
        p.add(where, f"'dieu_kien' = '{predicate}' không hợp lệ: dùng {', '.join(PREDICATE_KINDS)} "
                     f"(với cột '{column}': \"{fitting}\")")
        return
    if col_kind not in PREDICATE_KINDS[predicate] or (predicate == "du_nang_luc") != (len(keys) > 1):
        p.add(where, f"'dieu_kien' = '{predicate}' không dùng được với cột '{column}' (cột này dùng "
                     f"dieu_kien = \"{fitting}\")")
        return
    fields.update(column=column, predicate=predicate)
    if "gia_tri" in raw and predicate not in ("bang", "danh_hieu_tu"):
        p.add(where, f"'gia_tri' chỉ dùng với dieu_kien = \"bang\" hoặc \"danh_hieu_tu\", không dùng với \"{predicate}\"")
    if "so_toi_thieu" in raw and predicate != "du_nang_luc":
        p.add(where, "'so_toi_thieu' chỉ dùng với dieu_kien = \"du_nang_luc\"")
    if predicate == "bang":
        allowed = ", ".join(f"\"{s.value}\"" for s in PlanStatus)
        try:
            fields["value"] = PlanStatus(raw.get("gia_tri"))
        except ValueError:
            what = "thiếu 'gia_tri'" if raw.get("gia_tri") is None else f"'gia_tri' = '{raw.get('gia_tri')}' không hợp lệ"
            p.add(where, f"{what}: dùng {allowed}")
    elif predicate == "danh_hieu_tu":
        fields["value"] = title_value(raw.get("gia_tri"), where, "gia_tri", "individual", p)
    elif predicate == "du_nang_luc":
        k = raw.get("so_toi_thieu", len(keys))
        if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= len(keys):
            p.add(where, f"'so_toi_thieu' phải là số nguyên từ 1 đến {len(keys)}")
        else:
            fields["min_count"] = k
    if scheme == "levels":
        if "levels" in fields:
            targets = _per_level(raw.get("muc_tieu"), where, "muc_tieu", fields["levels"], p,
                                 lambda v, w, k: ratio_value(v, w, k, p, positive=True), scalar_ok=True)
            _rising(targets, where, "muc_tieu", lambda t: t, p)
            fields["level_targets"] = targets
        return
    target = ratio_value(raw.get("muc_tieu", "1"), where, "muc_tieu", p, positive=True)
    fields["target"] = target or Decimal(1)
    mode = MODES.get(raw.get("cach_cham", "ty_le")) if isinstance(raw.get("cach_cham", "ty_le"), str) else None
    if mode is None:
        p.add(where, f"'cach_cham' = '{raw.get('cach_cham')}' không hợp lệ: dùng {', '.join(MODES)}")
        return
    fields["mode"] = mode
    if mode == "bands":
        fields["bands"] = _bands(raw.get("bac"), where, fields.get("max_points"), p)
        if "muc_tieu" in raw:
            p.add(where, "'muc_tieu' không dùng với cach_cham = \"bac\": điểm lấy theo bảng 'bac'")
    elif "bac" in raw:
        p.add(where, "'bac' chỉ dùng khi cach_cham = \"bac\"")


def _bands(raw, where: str, max_points: Decimal | None, p: Problems) -> tuple[tuple[Decimal, Decimal], ...]:
    if not isinstance(raw, list) or not raw:
        p.add(where, "cach_cham = \"bac\" cần 'bac' = [[\"tỷ lệ tối thiểu\", \"điểm\"], …], ví dụ [[\"1.00\", 10], [\"0.90\", 8]]")
        return ()
    bands = []
    for j, pair in enumerate(raw, start=1):
        if not isinstance(pair, list) or len(pair) != 2:
            p.add(where, f"bậc thứ {j} phải có dạng [\"tỷ lệ tối thiểu\", điểm], ví dụ [\"0.90\", 8]")
            continue
        ratio = ratio_value(pair[0], where, f"bac[{j}] tỷ lệ", p)
        points = decimal_value(pair[1], where, f"bac[{j}] điểm", p, Decimal(0), max_points)
        if ratio is not None and points is not None:
            bands.append((ratio, points))
    ratios = [r for r, _ in bands]
    if ratios != sorted(ratios, reverse=True) or len(set(ratios)) != len(ratios):
        p.add(where, "các bậc phải xếp theo tỷ lệ giảm dần, không trùng")
    elif [pt for _, pt in bands] != sorted((pt for _, pt in bands), reverse=True):
        p.add(where, "điểm của các bậc phải giảm dần theo tỷ lệ")
    return tuple(bands)


def _per_level(raw, where: str, key: str, levels: tuple[int, ...], p: Problems, parse, scalar_ok: bool = False) -> dict:
    """`muc_tieu = {1 = "0.90", 2 = "0.95"}` — one value per level the indicator is required for.

    With `scalar_ok`, one value (`muc_tieu = "0.90"`) applies to every level of the indicator.
    """
    example = f"{key} = {{ 1 = \"0.90\", 2 = \"0.95\" }}" if key == "muc_tieu" else \
        f"{key} = {{ 1 = \"Tập thể lao động tiên tiến\", 2 = \"Tập thể lao động xuất sắc\" }}"
    if raw is None:
        p.add(where, f"thiếu '{key}' theo mức độ, ví dụ {example}")
        return {}
    if scalar_ok and not isinstance(raw, (dict, list)):
        parsed = parse(raw, where, key)
        return {lv: parsed for lv in levels} if parsed is not None else {}
    if not isinstance(raw, dict):
        p.add(where, f"'{key}' phải là bảng theo mức độ, ví dụ {example}")
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


def _rising(per_level: dict, where: str, key: str, rank, p: Problems) -> None:
    """A higher level may not ask for less than a lower one (a swapped pair is almost always a typo)."""
    ordered = sorted(per_level.items())
    for (lo, a), (hi, b) in zip(ordered, ordered[1:]):
        if rank(b) < rank(a):
            p.add(where, f"'{key}': mức độ {hi} yêu cầu thấp hơn mức độ {lo}; mức độ cao hơn phải yêu cầu bằng hoặc "
                         "cao hơn (có thể đã ghi đảo hai giá trị)")
