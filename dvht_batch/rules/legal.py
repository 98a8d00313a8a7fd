"""The legal standing of a rule file: dates of its legal text, what of it is not confirmed, and
which kinds of unit an indicator is asked of. Parsed here (optional keys, documented in
docs/bo-tieu-chi.md) and turned into the checklist the office works through before signing.
"""
from __future__ import annotations

from datetime import date

from dvht_batch.rules import articles
from dvht_batch.messages import At, Findings
from dvht_batch.setup.unit_kinds import UNIT_KINDS, allowed_values, kinds_text
from dvht_batch.vn.dates import parse_day_first, short_date

HEAD_KEYS = {"ngay_ban_hanh", "hieu_luc_tu", "het_hieu_luc_tu", "van_ban_thay_the", "trich_dan", "thoi_han_cong_nhan"}
CRITERION_KEYS = {"chua_xac_nhan", "chua_xac_nhan_loi_van", "chua_xac_nhan_muc_do", "ap_dung_cho"} | articles.CRITERION_KEYS
# How long a recognition holds (TT 24/2023): two readings of the text (docs/cong-nhan.md), one rule-file value.
VALIDITY_READINGS = {
    "36_thang": "36 tháng kể từ ngày quyết định công nhận",
    "3_nam_tiep_theo": "03 năm tiếp theo năm được công nhận (đến hết ngày 31/12 của năm thứ ba)",
}
HEAD = At("bo_tieu_chi")  # the rule file's head table: its findings at the line of their key
_HEAD_FIELDS = {"ngay_ban_hanh": "issued_on", "hieu_luc_tu": "in_force_from", "het_hieu_luc_tu": "repealed_on"}


def _date_value(value, where: At, key: str, p: Findings) -> date | None:
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    parsed = parse_day_first(value) if isinstance(value, str) else None
    if parsed is None:
        where.report(p, "rule-not-a-date", key, key=key, given=value)
    return parsed


def head_fields(head: dict, p: Findings) -> dict:
    """[bo_tieu_chi] ngay_ban_hanh, hieu_luc_tu, het_hieu_luc_tu (dates), van_ban_thay_the (text)."""
    fields: dict = {}
    for key, name in _HEAD_FIELDS.items():
        if key in head:
            fields[name] = _date_value(head[key], HEAD, key, p)
    if "van_ban_thay_the" in head:  # texts, as the schema (rules/parsing.SCHEMA) checked
        fields["repealed_by"] = head["van_ban_thay_the"].strip()
        if "het_hieu_luc_tu" not in head:
            HEAD.report(p, "repealed-without-date", "van_ban_thay_the")
    if "trich_dan" in head:
        fields["cited_as"] = " ".join(head["trich_dan"].split())
    if "thoi_han_cong_nhan" in head:
        if head["thoi_han_cong_nhan"] not in VALIDITY_READINGS:
            HEAD.report(p, "bad-validity", "thoi_han_cong_nhan", allowed=", ".join(f'"{k}"' for k in VALIDITY_READINGS))
        else:
            fields["validity"] = head["thoi_han_cong_nhan"]
    if fields.get("in_force_from") and fields.get("repealed_on") and fields["repealed_on"] <= fields["in_force_from"]:
        HEAD.report(p, "repealed-before-in-force", "het_hieu_luc_tu")
    return fields


def criterion_fields(raw: dict, where: At, scheme: str, levels: tuple[int, ...], p: Findings) -> dict:
    """chua_xac_nhan, chua_xac_nhan_loi_van (true/false), chua_xac_nhan_muc_do (levels), ap_dung_cho (unit kinds)."""
    fields: dict = {}
    for key, name in (("chua_xac_nhan", "unconfirmed"), ("chua_xac_nhan_loi_van", "unconfirmed_wording")):
        fields[name] = raw.get(key) is True  # true/false, as the schema (rules/parsing.SCHEMA) checked
    for key in ("chua_xac_nhan_muc_do", "dieu"):
        if key in raw and scheme != "levels":
            where.report(p, "levels-scheme-only", key, key=key)
    if scheme == "levels" and "chua_xac_nhan_muc_do" in raw:
        by_tier = articles.unconfirmed_by_tier(raw["chua_xac_nhan_muc_do"], where, "chua_xac_nhan_muc_do", levels, p)
        fields["unconfirmed_by_tier"] = by_tier
        fields["unconfirmed_levels"] = articles.resolve(by_tier, articles.DEFAULT_TIER, ())
    if scheme == "levels" and "dieu" in raw:
        fields["articles_by_tier"] = articles.articles_by_tier(raw["dieu"], where, levels, p)
    if "ap_dung_cho" in raw:
        value = raw["ap_dung_cho"]
        if not isinstance(value, list) or not value or not all(isinstance(x, str) and x in UNIT_KINDS for x in value):
            where.report(p, "bad-unit-kinds", "ap_dung_cho", allowed=allowed_values())
        else:
            fields["applies_to"] = tuple(dict.fromkeys(value))
    return fields


CONFIRM_HOW = ("Cách xác nhận: sao chép tệp bộ tiêu chí vào thư mục chứa dvht.toml, đối chiếu từng mục với văn "
               "bản, sửa cho đúng rồi xoá dấu chua_xac_nhan_muc_do / chua_du_chi_tieu của mục đã đối chiếu, tăng "
               "phien_ban, trỏ [danh_gia] bo_tieu_chi tới tệp đó và chạy lại (docs/bo-tieu-chi.md, mục 7).")


def _codes(items) -> str:
    return ", ".join(items)


def checklist(rule_set) -> list[str]:
    """What of the rule file the office checks against the published text before signing, one line each."""
    word = rule_set.wording.item
    crits = rule_set.criteria
    lines = []
    groups = [g.code for g in rule_set.groups if g.unconfirmed]
    if groups:
        lines.append(f"Tên nhóm {_codes(groups)} ({', '.join(rule_set.group(g).text for g in groups)}): chưa đối chiếu "
                     "nguyên văn với văn bản chính thức.")
    for c in crits:
        if c.unconfirmed:
            lines.append(f"{word.capitalize()} {c.code} ({c.text}): nội dung chưa được xác nhận — đối chiếu văn bản; "
                         "nếu văn bản khác, sửa hoặc bỏ chỉ tiêu này trong tệp bộ tiêu chí.")
    by_level: dict[int, list[str]] = {}
    for c in crits:
        for lv in c.unconfirmed_levels:
            by_level.setdefault(lv, []).append(c.code)
    for lv, codes in sorted(by_level.items()):
        lines.append(f"Yêu cầu ở {rule_set.level_name(lv)} của các {word} {_codes(codes)} chưa được xác nhận: số liệu "
                     "vẫn được so với yêu cầu ghi trong tệp, nhưng văn bản ký chỉ ghi điều, khoản (không ghi con số) và "
                     f"không kết luận, không đề nghị {rule_set.level_name(lv)}.")
    for g in rule_set.groups:
        if g.missing_levels:
            where = "; ".join(f"{rule_set.level_name(lv)}: {g.level_articles[lv]}" for lv in g.missing_levels
                              if lv in g.level_articles)
            lines.append(f"Tiêu chí {g.code} ({g.text}) còn chỉ tiêu ở {', '.join(map(rule_set.level_name, g.missing_levels))} "
                         f"chưa có trong tệp bộ tiêu chí{f' ({where})' if where else ''}: đối chiếu văn bản, thêm chỉ "
                         "tiêu đó ([[tieu_chi]]) vào bản sao của tệp rồi xoá chua_du_chi_tieu; khi còn dấu này, văn bản "
                         "ký không kết luận, không đề nghị các mức độ đó.")
    if rule_set.scheme == "levels" and any(c.levels and not c.level_articles for c in crits):
        lines.append(f"Các {word} {_codes(c.code for c in crits if c.levels and not c.level_articles)} chưa ghi điều, "
                     "khoản quy định yêu cầu (khóa dieu): văn bản in yêu cầu mà không dẫn điều, khoản.")
    if by_level or any(g.missing_levels for g in rule_set.groups):
        lines.append(CONFIRM_HOW)
    wording = [c.code for c in crits if c.unconfirmed_wording and not c.unconfirmed]
    if wording:
        lines.append(f"Lời văn các {word} {_codes(wording)} là tóm tắt nội dung, chưa đối chiếu nguyên văn.")
    return lines


def unit_kind_hints(rule_set, unit_kind: str | None) -> list[str]:
    """Indicators asked of some kinds of unit only, while dvht.toml does not say which kind the unit is."""
    if unit_kind is not None:
        return []
    return [f"{rule_set.wording.item.capitalize()} {c.code} chỉ áp dụng cho {kinds_text(c.applies_to)}: khai báo "
            "loại hình của đơn vị ([don_vi] loai_hinh trong dvht.toml); chưa khai báo thì chỉ tiêu vẫn được yêu cầu."
            for c in rule_set.criteria if c.applies_to]


# ----------------------------------------------------------------------------- the basis documents cite


def in_force_problem(rule_set, last_day: date) -> str | None:
    """Why the rule set's legal text is not in force for a period ending `last_day` (None when it is)."""
    if rule_set.repealed_for(last_day):
        by = f" (bãi bỏ bởi {rule_set.repealed_by})" if rule_set.repealed_by else ""
        return f"{rule_set.name} đã hết hiệu lực từ ngày {short_date(rule_set.repealed_on)}{by}"
    if rule_set.in_force_from is not None and last_day < rule_set.in_force_from:
        return f"{rule_set.name} có hiệu lực từ ngày {short_date(rule_set.in_force_from)}, sau kỳ đánh giá"
    return None


def cited_bases(rule_set, guidance: str | None, last_day: date) -> list[str]:
    """The rule set's basis as documents cite it: the text itself while in force; after its repeal, the
    provincial guidance the agency follows (`[danh_gia] theo_van_ban`) — never the repealed text as if in force.
    [] when the text is repealed and no guidance is configured (the documents then leave a place to fill in)."""
    if not rule_set.repealed_for(last_day):
        return [b for b in (rule_set.legal_basis, guidance) if b and b.strip()]
    return [guidance] if guidance and guidance.strip() else []


def force_lines(rule_set) -> list[str]:
    """'Ban hành ngày …; hiệu lực từ …; hết hiệu lực từ … (…)' for `dvht kiem-tra-tieu-chi`."""
    parts = [f"{label} {short_date(day)}" for label, day in (("ban hành ngày", rule_set.issued_on),
             ("hiệu lực từ ngày", rule_set.in_force_from), ("hết hiệu lực từ ngày", rule_set.repealed_on)) if day]
    if not parts:
        return []
    by = f" (văn bản thay thế: {rule_set.repealed_by})" if rule_set.repealed_by else ""
    return [f"Văn bản: {'; '.join(parts)}{by}."]


def warnings(rule_set, guidance: str | None, last_day: date) -> list[str]:
    """Console warnings about the law the run applies (Vietnamese)."""
    problem = in_force_problem(rule_set, last_day)
    if problem is None:
        return []
    if rule_set.repealed_for(last_day):
        follow = (f"văn bản dẫn căn cứ theo hướng dẫn đã khai báo: {guidance}." if guidance else
                  "nếu tỉnh vẫn hướng dẫn chấm điểm theo cách này, khai báo văn bản hướng dẫn trong dvht.toml "
                  "([danh_gia] theo_van_ban = \"Công văn số …/SGDĐT-… ngày …\"); nếu không, dùng bộ tiêu chí tt24-2023.")
        return [f"{problem}: {follow}"]
    return [f"{problem}: kiểm tra bộ tiêu chí đã chọn ([danh_gia] bo_tieu_chi)."]


def office_checks(rule_set, config, last_day: date) -> list[str]:
    """Everything the office checks before signing: the law's force, then what of the rule set is unconfirmed."""
    return (warnings(rule_set, config.guidance, last_day) + checklist(rule_set)
            + unit_kind_hints(rule_set, config.unit_kind))


def applied_name(rule_set, last_day: date) -> str:
    """How a document names the criteria it applies: the legal text while in force; after its repeal, the
    criteria of that text as the province's guidance keeps them (never the repealed text as if in force)."""
    if rule_set.repealed_for(last_day):
        return f"bộ tiêu chí của {rule_set.name} theo hướng dẫn của tỉnh"
    return rule_set.name
