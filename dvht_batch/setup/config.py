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

from dvht_batch.setup.departments import (  # noqa: F401
    TABLE as DEPARTMENTS_TABLE, Department, check_coordinator, code_file_key, parse_departments,
)
from dvht_batch.setup.plausible import check_plausible
from dvht_batch.errors import ConfigError
from dvht_batch.setup.mail_out import TABLE as MAIL_TABLE, MailSettings, parse_mail_settings
from dvht_batch.setup.schema import TEXTS, Table, check, key, refuse
from dvht_batch.messages import At, Findings, render
from dvht_batch.system.os_faults import read_small_file
from dvht_batch.setup.toml_text import loads_toml
from dvht_batch.rules.articles import tier_key
from dvht_batch.setup.unit_kinds import UNIT_KINDS, allowed_values

SIGNING_AUTHORITIES = ("KT.", "TM.", "TL.", "TUQ.", "Q.")


def signing_authority(value: str) -> tuple[str | None, bool]:
    """quyen_han as written → (the authority, whether it is one of SIGNING_AUTHORITIES): 'kt' → ('KT.', True),
    '' → (None, True: the head signs), 'XX' → ('XX.', False). One reading for dvht.toml, tinh.toml, ke_hoach.toml."""
    text = value.strip()
    if not text:
        return None, True
    normal = text.upper().rstrip(".") + "."
    return normal, normal in SIGNING_AUTHORITIES


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


# The tables and keys of dvht.toml (docs/hop-dong.md §1), checked by the schema layer (setup/schema.py).
SCHEMA = Table({
    "don_vi": Table({"ten": key(str, required=True), "ma": key(str, required=True), "co_quan_chu_quan": key(str),
                     "dia_danh": key(str, required=True), "ten_day_du": key(str), "dau_moi": key(str),
                     "loai_hinh": key(str), "cap": key(str)}, required=True),
    "nguoi_ky": Table({"quyen_han": key(str), "chuc_vu": key(str, required=True), "chuc_vu_ky": key(str),
                       "ho_ten": key(str, blank=True)}, required=True),  # ho_ten "": the name written by hand
    "danh_gia": Table({"bo_tieu_chi": key(str, required=True), "noi_nhan": key(TEXTS), "theo_van_ban": key(str)},
                      required=True),
    "van_ban": Table({"so_bao_cao": key(str, int), "so_ke_hoach": key(str, int), "ngay": key(date, str),
                      "de_trong_ngay": key(bool), "can_cu": key(TEXTS), "le_trang": key(list)}),
    "ho_so": Table({"kinh_gui": key(str), "thu_truong": key(str), "so_to_trinh": key(str, int),
                    "so_bao_cao": key(str, int)}),
    "thu_di": MAIL_TABLE,
    "noi_nhan": key(TEXTS),
    "phong": DEPARTMENTS_TABLE,
    "to_danh_gia": Table({"ho_ten": key(str, required=True), "chuc_vu": key(str, blank=True),
                          "nhiem_vu": key(str, blank=True)}, many=True, named_by="ho_ten", word="thành viên"),
})


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


def read_settings_toml(path: Path, not_found: str = "config-not-found") -> tuple[dict, str]:
    """A settings file (dvht.toml, the Sở's tinh.toml) read as TOML, and its text (the lines of its findings),
    every fault a ConfigError in Vietnamese; `not_found`: the catalogue id said when the file does not exist."""
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
    return loads_toml(text, str(path), "cấu hình", ConfigError), text


def load_config(path: Path, today: date | None = None) -> Config:
    """dvht.toml read and checked; `today`: the day of the run, against which dates are judged (setup/plausible.py)."""
    data, text = read_settings_toml(path)
    return parse_config(data, path, today, text)


def parse_config(data: dict, path: Path | None = None, today: date | None = None, text: str = "") -> Config:
    """dvht.toml's data checked against SCHEMA, then its values; `text`: the file's text (findings at their line)."""
    problems = Findings(str(path or ""), text)
    clean = check(data, SCHEMA, problems)
    sections = {name: clean.get(name, {}) for name in ("don_vi", "nguoi_ky", "danh_gia", "van_ban", "ho_so", "thu_di")}

    departments = parse_departments(clean.get("phong"), problems)
    # noi_nhan at the top, or (as in the contract's example) in [danh_gia]
    recipients = _texts(clean["noi_nhan"] if "noi_nhan" in clean else sections["danh_gia"].get("noi_nhan"))
    legal_bases = _texts(sections["van_ban"].get("can_cu"))
    signer = sections["nguoi_ky"]
    authority, known = signing_authority(signer.get("quyen_han", ""))
    if not known:
        At("nguoi_ky").report(problems, "config-not-one-of", "quyen_han", key="nguoi_ky.quyen_han",
                              given=signer["quyen_han"].strip(), allowed=", ".join(SIGNING_AUTHORITIES) + " hoặc bỏ trống")
    documents = _parse_documents(sections.get("van_ban", {}), legal_bases, problems)
    dossier = _parse_dossier(sections["ho_so"], clean.get("to_danh_gia", ()))
    check_coordinator(sections["don_vi"].get("dau_moi"), departments, problems)
    mail = parse_mail_settings(sections.get("thu_di"), path.parent if path else None, problems)
    unit_kind = sections["don_vi"].get("loai_hinh")
    if isinstance(unit_kind, str) and unit_kind.strip() not in UNIT_KINDS:
        At("don_vi").report(problems, "config-not-one-of", "loai_hinh", key="don_vi.loai_hinh", given=unit_kind,
                            allowed=allowed_values())
    tier = sections["don_vi"].get("cap")
    if isinstance(tier, str) and tier_key(tier) is None:
        At("don_vi").report(problems, "config-not-one-of", "cap", key="don_vi.cap", given=tier,
                            allowed="\"tỉnh\", \"huyện\"")
    check_plausible(sections, problems, today)
    refuse(problems, "cấu hình", ConfigError)

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


def _texts(value: list | None) -> tuple[str, ...]:
    """A list of texts (none blank: the schema's TEXTS), stripped."""
    return tuple(v.strip() for v in value or ())


def _parse_documents(table: dict, legal_bases: tuple[str, ...], problems: Findings) -> DocumentSettings:
    when, month = table.get("ngay"), None
    if isinstance(when, str):
        from dvht_batch.vn.dates import parse_day_first, parse_month_year

        parsed, month = parse_day_first(when), parse_month_year(when)
        if parsed is None and month is None:
            At("van_ban").report(problems, "config-not-a-date", "ngay", key="van_ban.ngay", given=when)
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


def _parse_dossier(table: dict, assessors: list[dict]) -> DossierSettings:
    """[ho_so] and [[to_danh_gia]] (ho_ten required; chuc_vu, nhiem_vu), their types checked by the schema."""
    def text(key: str) -> str | None:
        value = table.get(key)
        return str(value).strip() or None if isinstance(value, (str, int)) else None

    people = tuple(Assessor(item["ho_ten"].strip(), item.get("chuc_vu", "").strip(), item.get("nhiem_vu", "").strip())
                   for item in assessors if "ho_ten" in item)
    return DossierSettings(recipient=text("kinh_gui") or DossierSettings.recipient, head_name=text("thu_truong"),
                           request_number=text("so_to_trinh"), report_number=text("so_bao_cao"), assessors=people)


# Nghị định 30/2020/NĐ-CP: top 20–25, bottom 20–25, left 30–35, right 15–20 mm.
_MARGIN_RANGES = (("trên", 20, 25), ("dưới", 20, 25), ("trái", 30, 35), ("phải", 15, 20))


def _parse_margins(value, problems: Findings) -> tuple[float, float, float, float]:
    """`le_trang = [20, 20, 30, 15]` (mm: trên, dưới, trái, phải) → margins; default 20/20/30/15."""
    default = (20.0, 20.0, 30.0, 15.0)
    if not isinstance(value, list):  # None, or a wrong type the schema check has already reported
        return default
    if (len(value) != 4
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)):
        At("van_ban").report(problems, "margins-not-four-numbers", "le_trang")
        return default
    for v, (name, lo, hi) in zip(value, _MARGIN_RANGES):
        if not lo <= v <= hi:
            At("van_ban").report(problems, "margin-out-of-range", "le_trang", side=name, given=v, lo=lo, hi=hi)
    return tuple(float(v) for v in value)  # type: ignore[return-value]
