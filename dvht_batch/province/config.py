"""tinh.toml → typed `ProvinceConfig`: the Sở's header, its signer, the decision's signer (the Chủ tịch
Ủy ban nhân dân tỉnh, Điều 11.1 of TT 24/2023 — never the Giám đốc Sở), the province, the year and the
rule set. Same validation as dvht.toml: unknown keys and wrong types are errors, every problem reported
at once in Vietnamese, naming the key (docs/tinh.md)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dvht_batch.setup.config import (  # one reading of le_trang and of a settings file
    SIGNING_AUTHORITIES, Signer, _parse_margins, read_settings_toml, signing_authority,
)
from dvht_batch.setup.schema import Table, check, key, refuse
from dvht_batch.errors import ConfigError
from dvht_batch.messages import At, Findings
from dvht_batch.vn.dates import parse_day_first

# The tables and keys of tinh.toml (docs/tinh.md), checked by the schema layer (setup/schema.py).
SCHEMA = Table({
    "so": Table({"ten": key(str, required=True), "ma": key(str, required=True), "co_quan_chu_quan": key(str),
                 "dia_danh": key(str, required=True)}, required=True),
    "tinh": Table({"ten": key(str, required=True), "ky_hieu_ubnd": key(str)}, required=True),
    "nguoi_ky": Table({"quyen_han": key(str), "chuc_vu": key(str, required=True), "chuc_vu_ky": key(str),
                       "ho_ten": key(str, blank=True)}, required=True),
    "chu_tich": Table({"quyen_han": key(str), "chuc_vu_ky": key(str), "ho_ten": key(str, blank=True)}),
    "danh_gia": Table({"nam": key(int, required=True), "bo_tieu_chi": key(str)}, required=True),
    "van_ban": Table({"ngay": key(date, str), "so_bao_cao": key(str, int), "so_to_trinh": key(str, int),
                      "so_cong_van": key(str, int), "le_trang": key(list)}),
})
HEAD_OF_PROVINCE = "Chủ tịch"


@dataclass(frozen=True)
class ProvinceConfig:
    agency: str                    # so.ten: "Sở Giáo dục và Đào tạo"
    agency_code: str               # so.ma: "SGDĐT" (in "Số: …/BC-SGDĐT")
    place: str                     # so.dia_danh: printed before the date
    parent: str                    # so.co_quan_chu_quan: default "Ủy ban nhân dân tỉnh <tinh.ten>"
    province: str                  # tinh.ten: "An Phước"
    committee_code: str            # tinh.ky_hieu_ubnd: "UBND" in "…/QĐ-UBND"
    signer: Signer                 # [nguoi_ky]: who signs for the Sở
    chair: Signer                  # [chu_tich]: who signs the decision (Chủ tịch, or KT. … Phó Chủ tịch)
    year: int                      # danh_gia.nam: the year of the data (dossiers due before 15/01 of year + 1)
    rule_set: str = "tt24-2023"
    date: date | None = None       # van_ban.ngay: the date of the documents (None: the day of the run)
    numbers: dict | None = None    # so_bao_cao, so_to_trinh, so_cong_van (None: blank, written at issue)
    margins_mm: tuple[float, float, float, float] = (20.0, 20.0, 30.0, 15.0)
    path: Path | None = None

    @property
    def committee(self) -> str:
        """'Ủy ban nhân dân tỉnh An Phước'."""
        return f"Ủy ban nhân dân tỉnh {self.province}"

    @property
    def chair_title(self) -> str:
        """'Chủ tịch Ủy ban nhân dân tỉnh An Phước': who decides (TT 24/2023, Điều 11.1)."""
        return f"{HEAD_OF_PROVINCE} {self.committee}"

    def number(self, key: str) -> str | None:
        return (self.numbers or {}).get(key)


def load_province_config(path: Path) -> ProvinceConfig:
    data, text = read_settings_toml(path, "province-config-not-found")
    return parse_province_config(data, path, text)


def _authority(table: dict, key: str, problems: Findings) -> str | None:
    authority, known = signing_authority(table.get("quyen_han", ""))
    if not known:
        At(key).report(problems, "config-not-one-of", "quyen_han", key=f"{key}.quyen_han",
                       given=table["quyen_han"].strip(), allowed=", ".join(SIGNING_AUTHORITIES) + " hoặc bỏ trống")
    return authority


def _text(table: dict, key: str) -> str:
    value = table.get(key)
    return value.strip() if isinstance(value, str) else ""


def parse_province_config(data: dict, path: Path | None = None, text: str = "") -> ProvinceConfig:
    """tinh.toml's data checked against SCHEMA, then its values; `text`: the file's text (findings at their line)."""
    problems = Findings(str(path or ""), text)
    clean = check(data, SCHEMA, problems)
    s = {name: clean.get(name, {}) for name in SCHEMA.keys}
    year = s["danh_gia"].get("nam")
    if isinstance(year, int) and not isinstance(year, bool) and not 2024 <= year <= 2100:
        At("danh_gia").report(problems, "province-year-out-of-range", "nam", given=year)
    when = s["van_ban"].get("ngay")
    if isinstance(when, str):
        parsed = parse_day_first(when)
        if parsed is None:
            At("van_ban").report(problems, "config-not-a-date", "ngay", key="van_ban.ngay", given=when)
        when = parsed
    signer_authority = _authority(s["nguoi_ky"], "nguoi_ky", problems)
    chair_authority = _authority(s["chu_tich"], "chu_tich", problems)
    margins = _parse_margins(s["van_ban"].get("le_trang"), problems)
    refuse(problems, "cấu hình", ConfigError)
    so, signer, chair = s["so"], s["nguoi_ky"], s["chu_tich"]
    province = _text(s["tinh"], "ten")
    chair_head = HEAD_OF_PROVINCE
    return ProvinceConfig(
        agency=_text(so, "ten"), agency_code=_text(so, "ma"), place=_text(so, "dia_danh"),
        parent=_text(so, "co_quan_chu_quan") or f"Ủy ban nhân dân tỉnh {province}",
        province=province, committee_code=_text(s["tinh"], "ky_hieu_ubnd") or "UBND",
        signer=Signer(_text(signer, "chuc_vu"), _text(signer, "chuc_vu_ky") or _text(signer, "chuc_vu"),
                      _text(signer, "ho_ten"), signer_authority),
        chair=Signer(chair_head, _text(chair, "chuc_vu_ky") or chair_head, _text(chair, "ho_ten"), chair_authority),
        year=int(year), rule_set=_text(s["danh_gia"], "bo_tieu_chi") or "tt24-2023",
        date=when if isinstance(when, date) else None,
        numbers={k: str(v).strip() or None for k, v in s["van_ban"].items() if k.startswith("so_")},
        margins_mm=margins, path=path)

