"""The plan file (`ke_hoach.toml` next to dvht.toml; format in docs/ke-hoach.md) → `PlanSpec`.

Every mistake is reported at once, in Vietnamese, with the line and the key (ConfigError: exit 2).
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from dvht_batch.setup.config import SIGNING_AUTHORITIES, Config, signing_authority
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
    day_month,
    day_of_month,
    plan_date,
    plan_period,
    plausible_plan,
    text_list,
    text_value,
    year_value,
)
from dvht_batch.messages import Findings, render
from dvht_batch.setup.schema import TEXTS, Table, any_keys, check, key, nearest, refuse
from dvht_batch.system.os_faults import read_small_file
from dvht_batch.setup.toml_text import loads_toml

PLAN_FILE = "ke_hoach.toml"
# Sections the tool writes itself ([[muc]] tu_dong = …), in docs/ke-hoach.md.
AUTO_SECTIONS = ("muc_dich", "tieu_chi", "noi_dung", "khen_thuong", "kinh_phi", "to_chuc", "tien_do")
# Words the texts may hold, replaced when the plan is written ("{don_vi}" → "Phòng Nội vụ Tân Biên").
PLACEHOLDERS = ("don_vi", "ky", "nam_dau", "nam_cuoi", "dau_moi")

# The tables and keys of ke_hoach.toml (docs/ke-hoach.md), checked by the schema layer (setup/schema.py); a key
# of any type (key()) is a value of several forms its own reader checks (nam, giai_doan, the deadlines…).
SCHEMA = Table({
    "trich_yeu": key(str), "nam": key(), "giai_doan": key(), "so": key(str, int, wrong="plan-bad-number"),
    "ngay": key(str, date, int, wrong="plan-date-not-quoted"), "can_cu": key(TEXTS), "can_cu_bo_tieu_chi": key(bool),
    "mo_dau": key(str), "ket_thuc": key(str), "noi_nhan": key(TEXTS), "luu": key(str), "nguoi_soan": key(str),
    "nguoi_ky": Table({"quyen_han": key(), "chuc_vu": key(str), "chuc_vu_ky": key(str),
                       "ho_ten": key(str, blank=True)}),  # ho_ten = "": the name written by hand
    "tien_do": Table({**any_keys("ke_hoach_tu_hoc", "gui_so_lieu", "tong_hop", "nop_ho_so", "bao_cao_nam",
                                 "so_ngay_sau_ban_hanh", "so_ket"), "noi_nop_ho_so": key(str)}),
    "muc": Table({"tieu_de": key(str), "noi_dung": key(str), "tu_dong": key()}, many=True),
    "nhiem_vu": Table({"phong": key(str), "vai_tro": key(str), "viec": key(str)}, many=True),
    "phu_luc": Table({"tieu_de": key(str), "noi_dung": key(str), "ten": key(str)}, many=True),
})
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
    """The plan file's data checked against SCHEMA, then its values; `text`: the file's text (findings at their
    line); `today` (the day of the run) bounds its date (plan_values.plausible_plan)."""
    p = Findings(str(path), text)
    data = check(data, SCHEMA, p)
    first, last = plan_period(data, p)
    number = data.get("so")
    when = plan_date(data.get("ngay"), p) if "ngay" in data else None
    if when and when.year and last and when.year > last:
        p.at("plan-date-after-period", of_key="ngay", year=when.year, last=last)
    plausible_plan(number, when, first, today, p)
    spec = PlanSpec(
        path=path,
        title=text_value(data, "trich_yeu"),
        first_year=first, last_year=last,
        number=None if number is None else str(number).strip(),
        date=when,
        legal_bases=text_list(data, "can_cu"),
        cite_rule_set=data.get("can_cu_bo_tieu_chi", True),
        intro=text_value(data, "mo_dau"),
        ending=text_value(data, "ket_thuc"),
        sections=_sections(data.get("muc"), p),
        tasks=_tasks(data.get("nhiem_vu"), config, p),
        annexes=_annexes(data.get("phu_luc", ()), p),
        recipients=text_list(data, "noi_nhan"),
        archive=text_value(data, "luu"),
        drafter=text_value(data, "nguoi_soan"),
        signer=_signer(data.get("nguoi_ky", {}), p),
        deadlines=_deadlines(data.get("tien_do", {}), first, last, p),
    )
    _check_placeholders(data, p)
    refuse(p, "kế hoạch", ConfigError)
    return spec


# ----------------------------------------------------------------------------------- tables


def _sections(value: list[dict] | None, p: Findings) -> tuple[Section, ...] | None:
    if value is None:
        return None
    found, seen = [], set()
    for i, item in enumerate(value):
        title, text = text_value(item, "tieu_de"), text_value(item, "noi_dung")
        auto = item.get("tu_dong")
        if auto is not None and auto not in AUTO_SECTIONS:
            near = nearest(str(auto), AUTO_SECTIONS)
            p.at("plan-unknown-section-near" if near else "plan-unknown-section", "muc", i, "tu_dong", given=auto,
                 near=near or "", allowed=", ".join(AUTO_SECTIONS))
            continue
        if auto is None and not (title and text):
            p.at("plan-section-incomplete", "muc", i)
            continue
        if auto is not None and text:
            p.at("plan-auto-section-text", "muc", i, "noi_dung")
        if auto is not None and auto in seen:  # a part the tool writes, written twice: at the second's line
            p.at("plan-auto-section-twice", "muc", i, "tu_dong", name=auto)
        seen.add(auto)
        found.append(Section(title=title, text=text, auto=auto))
    return tuple(found)


def _tasks(value: list[dict] | None, config: Config, p: Findings) -> tuple[Task, ...] | None:
    if value is None:
        return None
    found = []
    for i, item in enumerate(value):
        code, role, work = text_value(item, "phong"), text_value(item, "vai_tro"), text_value(item, "viec")
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


def _annexes(value: list[dict], p: Findings) -> tuple[Annex, ...]:
    found = []
    for i, item in enumerate(value):
        title, text = text_value(item, "tieu_de"), text_value(item, "noi_dung")
        if title and text:
            found.append(Annex(title=title, text=text, label=text_value(item, "ten")))
        elif title or text:
            p.at("plan-annex-incomplete", "phu_luc", i)
    return tuple(found)


def _signer(table: dict, p: Findings) -> SignerOverride:
    given = table.get("quyen_han")
    authority, known = signing_authority(given if isinstance(given, str) else "")  # not a text: the head signs
    if not known:
        p.at("plan-bad-authority", "nguoi_ky", None, "quyen_han", given=given, allowed=", ".join(SIGNING_AUTHORITIES))
    return SignerOverride(
        authority=authority, authority_given="quyen_han" in table,
        title_of_head=text_value(table, "chuc_vu"),
        signing_title=text_value(table, "chuc_vu_ky"),
        full_name=text_value(table, "ho_ten"),
    )


def _deadlines(table: dict, first: int | None, last: int | None, p: Findings) -> Deadlines:
    found: dict = {}
    for name, field_name in (("ke_hoach_tu_hoc", "self_study"), ("nop_ho_so", "dossier"), ("bao_cao_nam", "annual_report")):
        if name in table:
            found[field_name] = day_month(table[name], p, name)
    for name, field_name in (("gui_so_lieu", "monthly_day"), ("tong_hop", "summary_day")):
        if name in table:
            found[field_name] = day_of_month(table[name], p, name)
    if "noi_nop_ho_so" in table:
        found["dossier_to"] = text_value(table, "noi_nop_ho_so")
    days = table.get("so_ngay_sau_ban_hanh")
    if days is not None:
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 90:
            p.at("plan-bad-days", "tien_do", None, "so_ngay_sau_ban_hanh", given=days)
        else:
            found["days_after_issue"] = days
    review = table.get("so_ket")
    if review is not None:
        year = year_value(review, p, "so_ket", "tien_do")
        if year and first and last and not first <= year < last:
            p.at("plan-review-year", "tien_do", None, "so_ket", year=year, first=first, last=last)
        elif year and first == last:
            p.at("plan-review-one-year", "tien_do", None, "so_ket")
        else:
            found["review_year"] = year
    return Deadlines(**{k: v for k, v in found.items() if v is not None or k in ("monthly_day", "summary_day")})


def _check_placeholders(data: dict, p: Findings) -> None:
    """'{don_vi}' and friends are replaced when writing; any other {…} is a typo to report now."""
    def texts():
        for name in ("trich_yeu", "mo_dau", "ket_thuc"):
            yield "", None, name, data.get(name)
        for name in ("can_cu", "noi_nhan"):
            for value in data.get(name) or []:
                yield "", None, name, value
        for table, keys in (("muc", ("tieu_de", "noi_dung")), ("nhiem_vu", ("vai_tro", "viec")),
                            ("phu_luc", ("tieu_de", "noi_dung"))):
            for i, item in enumerate(data.get(table) or ()):
                for name in keys:
                    yield table, i, name, item.get(name)

    for table, index, of_key, value in texts():
        if not isinstance(value, str):
            continue
        for name in _PLACEHOLDER.findall(value):
            if name.strip() not in PLACEHOLDERS:
                known = ", ".join("{" + x + "}" for x in PLACEHOLDERS)
                p.at("plan-unknown-placeholder", table, index, of_key, placeholder=f"{{{name}}}", known=known)
