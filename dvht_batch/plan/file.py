"""The plan file (`ke_hoach.toml` next to dvht.toml; format in docs/ke-hoach.md) → `PlanSpec`.

Every mistake is reported at once, in Vietnamese, with the line and the key (ConfigError: exit 2).
"""
from __future__ import annotations

import difflib
import re
from datetime import date
from pathlib import Path

from dvht_batch.setup.config import SIGNING_AUTHORITIES, Config
from dvht_batch.errors import ConfigError
from dvht_batch.plan.model import (
    Annex,
    Deadlines,
    PlanSpec,
    Section,
    SignerOverride,
    Task,
)
from dvht_batch.plan.values import (
    Places,
    Problems,
    day_month,
    day_of_month,
    flag_value,
    plan_date,
    plan_period,
    plausible_plan,
    text_list,
    text_value,
    unknown_keys,
    year_value,
)
from dvht_batch.messages import render
from dvht_batch.system.os_faults import read_small_file
from dvht_batch.rules.values import loads_toml

PLAN_FILE = "ke_hoach.toml"
# Sections the tool writes itself ([[muc]] tu_dong = …), in docs/ke-hoach.md.
AUTO_SECTIONS = ("muc_dich", "tieu_chi", "noi_dung", "khen_thuong", "kinh_phi", "to_chuc", "tien_do")
# Words the texts may hold, replaced when the plan is written ("{don_vi}" → "Phòng Nội vụ Tân Biên").
PLACEHOLDERS = ("don_vi", "ky", "nam_dau", "nam_cuoi", "dau_moi")

_TOP = {"trich_yeu", "nam", "giai_doan", "so", "ngay", "can_cu", "can_cu_bo_tieu_chi", "mo_dau", "ket_thuc",
        "noi_nhan", "luu", "nguoi_soan", "nguoi_ky", "tien_do", "muc", "nhiem_vu", "phu_luc"}
_SIGNER = {"quyen_han", "chuc_vu", "chuc_vu_ky", "ho_ten"}
_DEADLINES = {"ke_hoach_tu_hoc", "gui_so_lieu", "tong_hop", "nop_ho_so", "noi_nop_ho_so", "bao_cao_nam",
              "so_ngay_sau_ban_hanh", "so_ket"}
_PLACEHOLDER = re.compile(r"\{([^{}\n]*)\}")


def find_plan_file(explicit: Path | None, config: Config) -> Path | None:
    """--ke-hoach if given (it must exist); else ke_hoach.toml beside dvht.toml when there is one."""
    if explicit is not None:
        if not Path(explicit).exists():  # a FIFO or a device: reading it says why
            raise ConfigError(render("plan-not-found", path=explicit))
        return Path(explicit)
    beside = (config.path.parent if config.path else Path(".")) / PLAN_FILE
    return beside if beside.is_file() else None


def load_plan(path: Path, config: Config, today: date | None = None) -> PlanSpec:
    try:
        text = read_small_file(path).decode("utf-8-sig")  # never a FIFO, a device, a huge file
    except UnicodeDecodeError:
        raise ConfigError(render("plan-not-utf8", path=path)) from None
    except OSError as exc:
        raise ConfigError(render("plan-unreadable", path=path, reason=exc.strerror or exc)) from None
    return parse_plan(loads_toml(text, str(path), "kế hoạch", ConfigError), config, path, text, today)


def parse_plan(data: dict, config: Config, path: Path | None = None, text: str = "",
               today: date | None = None) -> PlanSpec:
    """The plan file's tables checked; `today` (the day of the run) bounds its date (plan_values.plausible_plan)."""
    p = Problems(Places(text), str(path))
    unknown_keys(data, _TOP, "", None, p, top=_TOP)
    first, last = plan_period(data, p)
    number = data.get("so")
    if number is not None and not isinstance(number, (str, int)):
        p.at("plan-bad-number", of_key="so")
    when = plan_date(data.get("ngay"), p) if "ngay" in data else None
    if when and when.year and last and when.year > last:
        p.at("plan-date-after-period", of_key="ngay", year=when.year, last=last)
    plausible_plan(number, when, first, today, p)
    spec = PlanSpec(
        path=path,
        title=text_value(data, "trich_yeu", p),
        first_year=first, last_year=last,
        number=None if number is None else str(number).strip(),
        date=when,
        legal_bases=text_list(data, "can_cu", p),
        cite_rule_set=flag_value(data, "can_cu_bo_tieu_chi", True, p),
        intro=text_value(data, "mo_dau", p),
        ending=text_value(data, "ket_thuc", p),
        sections=_sections(data.get("muc"), p),
        tasks=_tasks(data.get("nhiem_vu"), config, p),
        annexes=_annexes(data.get("phu_luc"), p),
        recipients=text_list(data, "noi_nhan", p),
        archive=text_value(data, "luu", p),
        drafter=text_value(data, "nguoi_soan", p),
        signer=_signer(data.get("nguoi_ky"), p),
        deadlines=_deadlines(data.get("tien_do"), first, last, p),
    )
    _check_placeholders(data, p)
    if p.items:
        raise ConfigError(f"Tệp kế hoạch '{path}' có lỗi:\n" + "\n".join(f"  - {x}" for x in p.texts), p.items)
    return spec


# ----------------------------------------------------------------------------------- tables


def _array(value, name: str, p: Problems) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(x, dict) for x in value):
        p.at("plan-not-tables", of_key=name, name=name)
        return []
    return value


def _sections(value, p: Problems) -> tuple[Section, ...] | None:
    if value is None:
        return None
    found = []
    for i, item in enumerate(_array(value, "muc", p)):
        unknown_keys(item, {"tieu_de", "noi_dung", "tu_dong"}, "muc", i, p, top=_TOP)
        title = text_value(item, "tieu_de", p, "muc", i)
        text = text_value(item, "noi_dung", p, "muc", i)
        auto = item.get("tu_dong")
        if auto is not None and auto not in AUTO_SECTIONS:
            near = difflib.get_close_matches(str(auto), AUTO_SECTIONS, n=1)
            p.at("plan-unknown-section-near" if near else "plan-unknown-section", "muc", i, "tu_dong", given=auto,
                 near=near[0] if near else "", allowed=", ".join(AUTO_SECTIONS))
            continue
        if auto is None and not (title and text):
            p.at("plan-section-incomplete", "muc", i)
            continue
        if auto is not None and text:
            p.at("plan-auto-section-text", "muc", i, "noi_dung")
        found.append(Section(title=title, text=text, auto=auto))
    autos = [s.auto for s in found if s.auto]
    for name in sorted({a for a in autos if autos.count(a) > 1}):
        p.at("plan-auto-section-twice", "muc", None, name=name)
    return tuple(found)


def _tasks(value, config: Config, p: Problems) -> tuple[Task, ...] | None:
    if value is None:
        return None
    found = []
    for i, item in enumerate(_array(value, "nhiem_vu", p)):
        unknown_keys(item, {"phong", "vai_tro", "viec"}, "nhiem_vu", i, p, top=_TOP)
        code, role = text_value(item, "phong", p, "nhiem_vu", i), text_value(item, "vai_tro", p, "nhiem_vu", i)
        work = text_value(item, "viec", p, "nhiem_vu", i)
        if (code is None) == (role is None):
            p.at("plan-task-who", "nhiem_vu", i)
            continue
        if work is None:
            p.at("plan-task-work", "nhiem_vu", i)
            continue
        who = role
        if code is not None:
            department = config.department(code)
            if department is None:
                codes = ", ".join(d.code for d in config.departments) or "dvht.toml chưa có phòng nào"
                p.at("plan-unknown-department", "nhiem_vu", i, "phong", given=code, codes=codes)
                continue
            who = department.name
        found.append(Task(who=who, text=work))
    return tuple(found)


def _annexes(value, p: Problems) -> tuple[Annex, ...]:
    found = []
    for i, item in enumerate(_array(value, "phu_luc", p)):
        unknown_keys(item, {"tieu_de", "noi_dung", "ten"}, "phu_luc", i, p, top=_TOP)
        title, text = text_value(item, "tieu_de", p, "phu_luc", i), text_value(item, "noi_dung", p, "phu_luc", i)
        if title and text:
            found.append(Annex(title=title, text=text, label=text_value(item, "ten", p, "phu_luc", i)))
        elif title or text:
            p.at("plan-annex-incomplete", "phu_luc", i)
    return tuple(found)


def _table(value, name: str, p: Problems) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        p.at("plan-not-a-table", of_key=name, name=name)
        return {}
    return value


def _signer(value, p: Problems) -> SignerOverride:
    table = _table(value, "nguoi_ky", p)
    unknown_keys(table, _SIGNER, "nguoi_ky", None, p, top=_TOP)
    authority = table.get("quyen_han")
    if authority is not None:
        if not isinstance(authority, str):
            authority = ""
        normal = authority.strip().upper().rstrip(".") + "." if authority.strip() else None
        if normal is not None and normal not in SIGNING_AUTHORITIES:
            p.at("plan-bad-authority", "nguoi_ky", None, "quyen_han", given=authority,
                 allowed=", ".join(SIGNING_AUTHORITIES))
        authority = normal
    return SignerOverride(
        authority=authority, authority_given="quyen_han" in table,
        title_of_head=text_value(table, "chuc_vu", p, "nguoi_ky"),
        signing_title=text_value(table, "chuc_vu_ky", p, "nguoi_ky"),
        full_name=text_value(table, "ho_ten", p, "nguoi_ky", blank_ok=True),
    )


def _deadlines(value, first: int | None, last: int | None, p: Problems) -> Deadlines:
    table = _table(value, "tien_do", p)
    unknown_keys(table, _DEADLINES, "tien_do", None, p, top=_TOP)
    found: dict = {}
    for key, field_name in (("ke_hoach_tu_hoc", "self_study"), ("nop_ho_so", "dossier"), ("bao_cao_nam", "annual_report")):
        if key in table:
            found[field_name] = day_month(table[key], p, key)
    for key, field_name in (("gui_so_lieu", "monthly_day"), ("tong_hop", "summary_day")):
        if key in table:
            found[field_name] = day_of_month(table[key], p, key)
    if "noi_nop_ho_so" in table:
        found["dossier_to"] = text_value(table, "noi_nop_ho_so", p, "tien_do")
    days = table.get("so_ngay_sau_ban_hanh")
    if days is not None:
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 90:
            p.at("plan-bad-days", "tien_do", None, "so_ngay_sau_ban_hanh", given=days)
        else:
            found["days_after_issue"] = days
    review = table.get("so_ket")
    if review is not None:
        year = year_value(review, p, "so_ket")
        if year and first and last and not first <= year < last:
            p.at("plan-review-year", "tien_do", None, "so_ket", year=year, first=first, last=last)
        elif year and first == last:
            p.at("plan-review-one-year", "tien_do", None, "so_ket")
        else:
            found["review_year"] = year
    return Deadlines(**{k: v for k, v in found.items() if v is not None or k in ("monthly_day", "summary_day")})


def _check_placeholders(data: dict, p: Problems) -> None:
    """'{don_vi}' and friends are replaced when writing; any other {…} is a typo to report now."""
    def texts():
        for key in ("trich_yeu", "mo_dau", "ket_thuc"):
            yield "", None, key, data.get(key)
        for key in ("can_cu", "noi_nhan"):
            for value in data.get(key) or []:
                yield "", None, key, value
        for table, keys in (("muc", ("tieu_de", "noi_dung")), ("nhiem_vu", ("vai_tro", "viec")),
                            ("phu_luc", ("tieu_de", "noi_dung"))):
            items = data.get(table) if isinstance(data.get(table), list) else []
            for i, item in enumerate(items):
                for key in keys:
                    yield table, i, key, item.get(key) if isinstance(item, dict) else None

    for table, index, key, value in texts():
        if not isinstance(value, str):
            continue
        for name in _PLACEHOLDER.findall(value):
            if name.strip() not in PLACEHOLDERS:
                known = ", ".join("{" + x + "}" for x in PLACEHOLDERS)
                p.at("plan-unknown-placeholder", table, index, key, placeholder=f"{{{name}}}", known=known)
