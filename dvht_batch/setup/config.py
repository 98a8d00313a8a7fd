"""dvht.toml → typed `Config`, with Vietnamese errors naming the key (docs/hop-dong.md §1).

Unknown keys are errors; missing required keys are errors; every problem in the file is reported
at once. Every key, required or optional, is listed in docs/hop-dong.md §1 (a test keeps that table true).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date
from pathlib import Path

from dvht_batch.setup.departments import (Department, check_coordinator, code_file_key,  # noqa: F401
                                          parse_departments, table_items)
from dvht_batch.setup.plausible import check_plausible
from dvht_batch.errors import ConfigError
from dvht_batch.setup.mail_out import SCHEMA as MAIL_SCHEMA, MailSettings, parse_mail_settings
from dvht_batch.messages import Findings, render
from dvht_batch.system.os_faults import read_small_file
from dvht_batch.rules.values import loads_toml
from dvht_batch.rules.articles import tier_key
from dvht_batch.setup.unit_kinds import UNIT_KINDS, allowed_values

SIGNING_AUTHORITIES = ("KT.", "TM.", "TL.", "TUQ.", "Q.")


@dataclass(frozen=True)
class Signer:
    title_of_head: str            # chuc_vu: the head's title the authority refers to
    signing_title: str            # chuc_vu_ky: the title of the person who signs
    full_name: str                # ho_ten: "" when not yet known (the name is written by hand)
    authority: str | None = None  # quyen_han: KT., TM., TL., TUQ., Q. or None (the head signs)


@dataclass(frozen=True)
class DocumentSettings:
    """[van_ban] — optional numbering and dating of the documents the tool writes."""

    report_number: str | None = None   # so_bao_cao: None = blank for the office to fill
    plan_number: str | None = None     # so_ke_hoach
    date: date | None = None           # ngay: None = today's date … unless `de_trong_ngay`
    month: tuple[int, int] | None = None  # ngay = "12/2025": (year, month) printed, the day left to the signer
    leave_date_blank: bool = False     # de_trong_ngay: print "ngày    tháng    năm"
    legal_bases: tuple[str, ...] = ()  # can_cu: legal bases cited in the KẾ HOẠCH / BÁO CÁO
    # le_trang: page margins in mm (top, bottom, left, right), Nghị định 30/2020 ranges
    margins_mm: tuple[float, float, float, float] = (20.0, 20.0, 30.0, 15.0)


@dataclass(frozen=True)
class Assessor:
    """One member of the Tổ đánh giá ([[to_danh_gia]]), printed in the self-assessment report."""

    full_name: str                # ho_ten
    position: str = ""            # chuc_vu: the person's post in the unit
    role: str = ""                # nhiem_vu: role in the Tổ (Tổ trưởng, Tổ phó, Thành viên, Thư ký…)


@dataclass(frozen=True)
class DossierSettings:
    """[ho_so] and [[to_danh_gia]] — optional settings of the yearly recognition dossier (dvht ho-so)."""

    recipient: str = "Sở Giáo dục và Đào tạo"   # kinh_gui: who the request goes to
    head_name: str | None = None                 # thu_truong: the head's name, when [nguoi_ky] signs KT./TL.
    request_number: str | None = None            # so_to_trinh: None = blank for the office to fill
    report_number: str | None = None             # so_bao_cao: the self-assessment report's number
    assessors: tuple[Assessor, ...] = ()


@dataclass(frozen=True)
class Config:
    unit_name: str                 # don_vi.ten
    unit_code: str                 # don_vi.ma
    place: str                     # don_vi.dia_danh
    signer: Signer
    rule_set: str                  # danh_gia.bo_tieu_chi (id or path)
    departments: tuple[Department, ...]   # may be empty: an agency without departments
    parent_agency: str | None = None
    recipients: tuple[str, ...] = ()
    documents: DocumentSettings = field(default_factory=DocumentSettings)
    dossier: DossierSettings = field(default_factory=DossierSettings)
    path: Path | None = None       # where the file was read from (rule paths are relative to it)
    full_name: str | None = None   # don_vi.ten_day_du: the name used in the text ("Phòng Nội vụ Tân Biên")
    coordinator: str | None = None  # don_vi.dau_moi: a department code or a role ("Công chức phụ trách")
    mail: MailSettings | None = None  # [thu_di]: the outgoing mail server (dvht gui-thu); None = not set up

    @property
    def body_name(self) -> str:
        """The agency as the text of a document names it (the header prints `unit_name`)."""
        return self.full_name or self.unit_name
    unit_kind: str | None = None   # don_vi.loai_hinh: a key of unit_kinds.UNIT_KINDS; None = not declared
    guidance: str | None = None    # danh_gia.theo_van_ban: the provincial guidance the evaluation follows
    tier: str | None = None        # don_vi.cap: "tinh" | "huyen" (rules/articles.py); None = not declared (cấp tỉnh)

    @cached_property
    def _departments_by_code(self) -> dict[str, Department]:
        return {d.code.casefold(): d for d in self.departments}

    def department(self, code: str) -> Department | None:
        """The configured department with this code (case-insensitive), in O(1)."""
        return self._departments_by_code.get(code.casefold())

    @cached_property
    def _departments_by_file_key(self) -> dict[str, Department]:
        return {code_file_key(d.code): d for d in self.departments}

    def department_named_by_file(self, file_name: str) -> Department | None:
        """The department whose code starts a file name (`TTR_11-2025.xlsx`, `Đ-T thang 11.xls`), or None.

        Codes are compared as file names compare them (`code_file_key`); configuration guarantees
        that no two departments share a key, so the answer is never ambiguous.
        """
        stem = file_name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        words = [w for w in re.split(r"[\s_.-]+", stem) if w]
        for n in range(len(words), 0, -1):  # the longest run of leading words that is a code ("P_H_2025-11")
            department = self._departments_by_file_key.get(code_file_key("".join(words[:n])))
            if department is not None:
                return department
        return None


# Schema: key -> (required, type). Types are checked loosely but named in messages.
_SCHEMA: dict[str, dict[str, tuple[bool, type | tuple[type, ...]]]] = {
    "don_vi": {"ten": (True, str), "ma": (True, str), "co_quan_chu_quan": (False, str), "dia_danh": (True, str),
               "ten_day_du": (False, str), "dau_moi": (False, str), "loai_hinh": (False, str),
               "cap": (False, str)},
    "nguoi_ky": {"quyen_han": (False, str), "chuc_vu": (True, str), "chuc_vu_ky": (False, str), "ho_ten": (False, str)},
    "danh_gia": {"bo_tieu_chi": (True, str), "noi_nhan": (False, list), "theo_van_ban": (False, str)},
    "van_ban": {
        "so_bao_cao": (False, (str, int)), "so_ke_hoach": (False, (str, int)),
        "ngay": (False, (date, str)), "de_trong_ngay": (False, bool), "can_cu": (False, list),
        "le_trang": (False, list),
    },
    "ho_so": {"kinh_gui": (False, str), "thu_truong": (False, str), "so_to_trinh": (False, (str, int)),
              "so_bao_cao": (False, (str, int))},
    "thu_di": MAIL_SCHEMA,
}
_OPTIONAL_SECTIONS = {"van_ban", "ho_so", "thu_di"}
_TOP_LEVEL = {"don_vi", "nguoi_ky", "danh_gia", "van_ban", "noi_nhan", "phong", "ho_so", "to_danh_gia", "thu_di"}
_TYPE_NAMES = {str: "chuỗi văn bản", int: "số nguyên", list: "danh sách", bool: "true/false", date: "ngày", float: "số"}


def find_config(explicit: Path | None, input_dir: Path | None) -> Path:
    """--config if given; else INPUT_DIR/dvht.toml; else ./dvht.toml."""
    if explicit is not None:
        return explicit
    candidates = ([input_dir / "dvht.toml"] if input_dir else []) + [Path("dvht.toml")]
    for c in candidates:
        if c.is_file():
            return c
    where = " hoặc ".join(str(c) for c in candidates)
    raise ConfigError(render("config-not-found-anywhere", where=where))


def read_settings_toml(path: Path, not_found: str = "config-not-found") -> dict:
    """A settings file (dvht.toml, the Sở's tinh.toml) read as TOML, every fault a ConfigError in Vietnamese;
    `not_found`: the catalogue id said when the file does not exist."""
    try:
        raw = read_small_file(path)  # never a FIFO, a device, a huge file
    except FileNotFoundError:
        raise ConfigError(render(not_found, path=path)) from None
    except OSError as exc:
        raise ConfigError(render("config-unreadable", path=path, reason=exc.strerror or exc)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(render("config-not-utf8", path=path)) from None
    return loads_toml(text, str(path), "cấu hình", ConfigError)


def type_name(t: type | tuple[type, ...]) -> str:
    """A TOML value's expected type in the clerk's words, e.g. "chuỗi văn bản hoặc số nguyên"."""
    types = t if isinstance(t, tuple) else (t,)
    return " hoặc ".join(_TYPE_NAMES.get(x, x.__name__) for x in types)


def load_config(path: Path, today: date | None = None) -> Config:
    """dvht.toml read and checked; `today`: the day of the run, against which dates are judged (setup/plausible.py)."""
    return parse_config(read_settings_toml(path), path, today)


def check_tables(data: dict, schema: dict[str, dict[str, tuple[bool, type | tuple[type, ...]]]], problems: Findings,
                 *, top_level, required) -> dict[str, dict]:
    """The tables and keys of a settings file (dvht.toml, the Sở's tinh.toml) against its schema: unknown
    tables and keys, missing tables and required keys, values of the wrong type, each reported with its key.
    `top_level`: the names allowed at the top; `required`: the tables that must be there. Returns each
    schema table (an empty one when absent or not a table)."""
    for key in data:
        if key not in top_level:
            problems.report("config-unknown-key", key=key)
    sections: dict[str, dict] = {}
    for section, keys in schema.items():
        table = data.get(section, {})
        if not isinstance(table, dict):
            problems.report("config-not-a-table", section=section)
            table = {}
        if section in required and section not in data:
            problems.report("config-missing-table", section=section)
        for key in table:
            if key not in keys:
                problems.report("config-unknown-key", key=f"{section}.{key}")
        for key, (needed, typ) in keys.items():
            value = table.get(key)
            if value is None:
                if needed and section in data:
                    problems.report("missing-key", key=f"{section}.{key}")
            elif key == "ho_ten" and value == "":
                continue  # the signer's name not known yet: left blank for the hand
            elif not _of_type(value, typ):
                problems.report("config-wrong-type", key=f"{section}.{key}", type=type_name(typ))
        sections[section] = table
    return sections


def _of_type(value, typ: type | tuple[type, ...]) -> bool:
    """`true` is not a number (TOML booleans are ints to Python); a text key must not be blank."""
    types = typ if isinstance(typ, tuple) else (typ,)
    if isinstance(value, bool) and bool not in types:
        return False
    return isinstance(value, types) and not (typ is str and not value.strip())


def parse_config(data: dict, path: Path | None = None, today: date | None = None) -> Config:
    problems = Findings(str(path or ""))
    sections = check_tables(data, _SCHEMA, problems, top_level=_TOP_LEVEL,
                            required=set(_SCHEMA) - _OPTIONAL_SECTIONS)

    departments = parse_departments(data.get("phong"), problems)
    recipients = _parse_str_list(data, sections, "noi_nhan", problems)
    legal_bases = _parse_str_list(sections.get("van_ban", {}), {}, "can_cu", problems, prefix="van_ban.")
    signer = sections["nguoi_ky"]
    authority = (signer.get("quyen_han") or "").strip() or None
    if authority is not None:
        normal = authority.upper().rstrip(".") + "."
        if normal not in SIGNING_AUTHORITIES:
            problems.report("config-not-one-of", key="nguoi_ky.quyen_han", given=authority,
                            allowed=", ".join(SIGNING_AUTHORITIES) + " hoặc bỏ trống")
        authority = normal
    documents = _parse_documents(sections.get("van_ban", {}), legal_bases, problems)
    dossier = _parse_dossier(sections.get("ho_so", {}), data.get("to_danh_gia"), problems)
    check_coordinator(sections["don_vi"].get("dau_moi"), departments, problems)
    mail = parse_mail_settings(sections.get("thu_di"), path.parent if path else None, problems)
    unit_kind = sections["don_vi"].get("loai_hinh")
    if isinstance(unit_kind, str) and unit_kind.strip() not in UNIT_KINDS:
        problems.report("config-not-one-of", key="don_vi.loai_hinh", given=unit_kind, allowed=allowed_values())
    tier = sections["don_vi"].get("cap")
    if isinstance(tier, str) and tier_key(tier) is None:
        problems.report("config-not-one-of", key="don_vi.cap", given=tier, allowed="\"tỉnh\", \"huyện\"")
    check_plausible(sections, problems, today)
    if problems.items:
        where = f" '{path}'" if path else ""
        raise ConfigError(f"Tệp cấu hình{where} có lỗi:\n" + "\n".join(f"  - {p}" for p in problems.texts),
                          problems.items)

    unit = sections["don_vi"]
    return Config(
        unit_name=unit["ten"].strip(),
        unit_code=unit["ma"].strip(),
        place=unit["dia_danh"].strip(),
        parent_agency=(unit.get("co_quan_chu_quan") or "").strip() or None,
        signer=Signer(
            title_of_head=signer["chuc_vu"].strip(),
            signing_title=(signer.get("chuc_vu_ky") or signer["chuc_vu"]).strip(),
            full_name=(signer.get("ho_ten") or "").strip(),
            authority=authority,
        ),
        rule_set=sections["danh_gia"]["bo_tieu_chi"].strip(),
        departments=departments,
        recipients=recipients,
        documents=documents,
        dossier=dossier,
        path=path,
        full_name=(unit.get("ten_day_du") or "").strip() or None,
        coordinator=(unit.get("dau_moi") or "").strip() or None,
        unit_kind=unit_kind.strip() if isinstance(unit_kind, str) else None,
        guidance=(sections["danh_gia"].get("theo_van_ban") or "").strip() or None,
        tier=tier_key(tier) if isinstance(tier, str) else None,
        mail=mail,
    )


def _parse_str_list(data: dict, sections: dict, key: str, problems: Findings, prefix: str = "") -> tuple[str, ...]:
    """A list of strings; `noi_nhan` may sit at top level or (as in the contract's example) in [danh_gia]."""
    value = data.get(key)
    if value is None:
        value = sections.get("danh_gia", {}).get(key)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.report("config-not-a-text-list", key=f"{prefix}{key}")
        return ()
    return tuple(v.strip() for v in value)


def _parse_documents(table: dict, legal_bases: tuple[str, ...], problems: Findings) -> DocumentSettings:
    when, month = table.get("ngay"), None
    if isinstance(when, str):
        from dvht_batch.vn.dates import parse_day_first, parse_month_year

        parsed, month = parse_day_first(when), parse_month_year(when)
        if parsed is None and month is None:
            problems.report("config-not-a-date", key="van_ban.ngay", given=when)
        when = parsed
    numbers = {k: (str(table[k]).strip() or None) if k in table else None for k in ("so_bao_cao", "so_ke_hoach")}
    margins = _parse_margins(table.get("le_trang"), problems)
    return DocumentSettings(
        margins_mm=margins,
        report_number=numbers["so_bao_cao"],
        plan_number=numbers["so_ke_hoach"],
        date=when if isinstance(when, date) else None,
        month=month,
        leave_date_blank=bool(table.get("de_trong_ngay", False)),
        legal_bases=legal_bases,
    )


def _parse_dossier(table: dict, assessors, problems: Findings) -> DossierSettings:
    """[ho_so] (types already checked by the schema) and [[to_danh_gia]] (ho_ten required; chuc_vu, nhiem_vu)."""
    def text(key: str) -> str | None:
        value = table.get(key)
        return str(value).strip() or None if isinstance(value, (str, int)) else None

    people: list[Assessor] = []
    if assessors is not None and not isinstance(assessors, list):
        problems.report("config-not-a-list", key="to_danh_gia", keys=" (ho_ten, chuc_vu, nhiem_vu)")
        assessors = []
    for i, item in table_items(assessors or [], "to_danh_gia", "thành viên Tổ đánh giá", ("ho_ten", "chuc_vu", "nhiem_vu"),
                               problems):
        values = {k: item.get(k) for k in ("ho_ten", "chuc_vu", "nhiem_vu")}
        if not isinstance(values["ho_ten"], str) or not values["ho_ten"].strip():
            problems.report("missing-key", place=f"thành viên Tổ đánh giá thứ {i}", key="ho_ten")
            continue
        if any(v is not None and not isinstance(v, str) for v in values.values()):
            problems.report("config-not-texts", place=f"thành viên Tổ đánh giá thứ {i}", keys="'chuc_vu', 'nhiem_vu'")
            continue
        people.append(Assessor(values["ho_ten"].strip(), (values["chuc_vu"] or "").strip(),
                               (values["nhiem_vu"] or "").strip()))
    return DossierSettings(recipient=text("kinh_gui") or DossierSettings.recipient, head_name=text("thu_truong"),
                           request_number=text("so_to_trinh"), report_number=text("so_bao_cao"),
                           assessors=tuple(people))


# Nghị định 30/2020/NĐ-CP: top 20–25, bottom 20–25, left 30–35, right 15–20 mm.
_MARGIN_RANGES = (("trên", 20, 25), ("dưới", 20, 25), ("trái", 30, 35), ("phải", 15, 20))


def _parse_margins(value, problems: Findings) -> tuple[float, float, float, float]:
    """`le_trang = [20, 20, 30, 15]` (mm: trên, dưới, trái, phải) → margins; default 20/20/30/15."""
    default = (20.0, 20.0, 30.0, 15.0)
    if not isinstance(value, list):  # None, or a wrong type the schema check has already reported
        return default
    if (len(value) != 4
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)):
        problems.report("margins-not-four-numbers")
        return default
    for v, (name, lo, hi) in zip(value, _MARGIN_RANGES):
        if not lo <= v <= hi:
            problems.report("margin-out-of-range", side=name, given=v, lo=lo, hi=hi)
    return tuple(float(v) for v in value)  # type: ignore[return-value]
