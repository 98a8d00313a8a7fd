"""The plan file (`ke_hoach.toml` next to dvht.toml; format in docs/ke-hoach.md) → `PlanSpec`.

Every mistake is reported at once, in Vietnamese, with the line and the key (ConfigError: exit 2).
"""
from __future__ import annotations

import difflib
import re
import tomllib
from datetime import date
from pathlib import Path

from dvht_batch.config import SIGNING_AUTHORITIES, Config
from dvht_batch.errors import ConfigError
from dvht_batch.plan_model import (
    Annex, DayMonth, Deadlines, PartialDate, PlanSpec, Section, SignerOverride, Task,
)
from dvht_batch.rules.values import check_keys, toml_problem
from dvht_batch.vn.dates import parse_day_first

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
_HEADER = re.compile(r"\s*(\[\[?)\s*([A-Za-z0-9_.]+)\s*\]")
_KEY = re.compile(r"\s*([A-Za-z0-9_]+)\s*=")
_PLACEHOLDER = re.compile(r"\{([^{}\n]*)\}")
_RANGE = re.compile(r"\s*(\d{4})\s*[-–—]\s*(\d{4})\s*")
YEARS = (2000, 2100)


def find_plan_file(explicit: Path | None, config: Config) -> Path | None:
    """--ke-hoach if given (it must exist); else ke_hoach.toml beside dvht.toml when there is one."""
    if explicit is not None:
        if not Path(explicit).is_file():
            raise ConfigError(f"Không tìm thấy tệp kế hoạch '{explicit}'.")
        return Path(explicit)
    beside = (config.path.parent if config.path else Path(".")) / PLAN_FILE
    return beside if beside.is_file() else None


def load_plan(path: Path, config: Config) -> PlanSpec:
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(f"Tệp kế hoạch '{path}' không phải UTF-8: mở bằng Notepad, chọn Lưu thành… "
                          "với mã hóa UTF-8.") from None
    except OSError as exc:
        raise ConfigError(f"Không đọc được tệp kế hoạch '{path}': {exc.strerror or exc}.") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Tệp kế hoạch '{path}' sai cú pháp TOML: {toml_problem(exc, text)}") from None
    return parse_plan(data, config, path, text)


class _Places:
    """Line of each key in the file text, to name the place of a mistake ('dòng 12 ([[muc]] thứ 2, tu_dong)')."""

    def __init__(self, text: str):
        self.lines: dict[tuple[str, int | None, str | None], int] = {}
        table, index, counts, open_quote = "", None, {}, None
        for n, line in enumerate(text.splitlines(), start=1):
            if open_quote:
                if line.count(open_quote) % 2:
                    open_quote = None
                continue
            header, key = _HEADER.match(line), _KEY.match(line)
            if header and not key:
                table = header.group(2)
                index = counts[table] = counts.get(table, -1) + 1 if header.group(1) == "[[" else None
                self.lines.setdefault((table, index, None), n)
            elif key:
                self.lines.setdefault((table, index, key.group(1)), n)
                for quote in ('"""', "'''"):
                    if line.count(quote) % 2:
                        open_quote = quote

    def where(self, table: str = "", index: int | None = None, key: str | None = None) -> str:
        n = self.lines.get((table, index, key)) or self.lines.get((table, index, None))
        parts = []
        if table:
            parts.append(f"[[{table}]] thứ {index + 1}" if index is not None else f"[{table}]")
        if key:
            parts.append(key)
        label = ", ".join(parts)
        return f"dòng {n} ({label})" if n else label


class _Problems:
    def __init__(self, places: _Places):
        self.places = places
        self.items: list[str] = []

    def add(self, what: str, table: str = "", index: int | None = None, key: str | None = None) -> None:
        self.items.append(f"{self.places.where(table, index, key)}: {what}")


def parse_plan(data: dict, config: Config, path: Path | None = None, text: str = "") -> PlanSpec:
    p = _Problems(_Places(text))
    _unknown_keys(data, _TOP, "", None, p)
    first, last = _period(data, p)
    number = data.get("so")
    if number is not None and not isinstance(number, (str, int)):
        p.add("số kế hoạch phải là số hoặc chuỗi, ví dụ so = 12 hoặc so = \"\" (để trống)", key="so")
    when = _date(data.get("ngay"), p) if "ngay" in data else None
    if when and when.year and last and when.year > last:
        p.add(f"ngày ban hành năm {when.year} sau năm cuối của kế hoạch ({last})", key="ngay")
    spec = PlanSpec(
        path=path,
        title=_text(data, "trich_yeu", p),
        first_year=first, last_year=last,
        number=None if number is None else str(number).strip(),
        date=when,
        legal_bases=_text_list(data, "can_cu", p),
        cite_rule_set=_flag(data, "can_cu_bo_tieu_chi", True, p),
        intro=_text(data, "mo_dau", p),
        ending=_text(data, "ket_thuc", p),
        sections=_sections(data.get("muc"), p),
        tasks=_tasks(data.get("nhiem_vu"), config, p),
        annexes=_annexes(data.get("phu_luc"), p),
        recipients=_text_list(data, "noi_nhan", p),
        archive=_text(data, "luu", p),
        drafter=_text(data, "nguoi_soan", p),
        signer=_signer(data.get("nguoi_ky"), p),
        deadlines=_deadlines(data.get("tien_do"), first, last, p),
    )
    _check_placeholders(data, p)
    if p.items:
        raise ConfigError(f"Tệp kế hoạch '{path}' có lỗi:\n" + "\n".join(f"  - {x}" for x in p.items))
    return spec


class _Collect:
    """The `Problems` shape `rules.values.check_keys` writes into (where, what)."""

    def __init__(self):
        self.items: list[str] = []

    def add(self, where: str, what: str) -> None:
        self.items.append(what)


def _unknown_keys(table: dict, allowed: set[str], name: str, index: int | None, p: _Problems) -> None:
    found = _Collect()
    check_keys(table, allowed, "", found)
    for item, key in zip(found.items, [k for k in table if k not in allowed]):
        if name and key in _TOP:  # TOML: a key written below a [table] line belongs to that table
            item = (f"khóa '{key}' đang nằm trong bảng [{name}]: chuyển dòng này lên đầu tệp, trước mọi dòng "
                    "[…] hoặc [[…]]")
        p.add(item, name, index, key)


# ----------------------------------------------------------------------------------- single values


def _text(data: dict, key: str, p: _Problems, table: str = "", index: int | None = None,
          blank_ok: bool = False) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or (not blank_ok and not value.strip()):
        p.add("phải là chữ trong ngoặc kép, không để trống", table, index, key)
        return None
    return value.strip()


def _text_list(data: dict, key: str, p: _Problems) -> tuple[str, ...] | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        p.add("phải là danh sách các dòng chữ, ví dụ [\"Dòng một\", \"Dòng hai\"] (có thể để trống: [])", key=key)
        return None
    return tuple(v.strip() for v in value)


def _flag(data: dict, key: str, default: bool, p: _Problems) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        p.add("phải là true hoặc false", key=key)
        return default
    return value


def _year(value, p: _Problems, key: str) -> int | None:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not YEARS[0] <= value <= YEARS[1]:
        p.add(f"'{value}' không phải năm (ví dụ 2026)", key=key)
        return None
    return value


def _period(data: dict, p: _Problems) -> tuple[int | None, int | None]:
    """`nam = 2026` or `giai_doan = "2023-2030"` (also [2023, 2030])."""
    if "nam" in data and "giai_doan" in data:
        p.add("chỉ ghi một trong hai: nam (kế hoạch một năm) hoặc giai_doan (nhiều năm)", key="giai_doan")
        return None, None
    if "nam" in data:
        year = _year(data["nam"], p, "nam")
        return year, year
    if "giai_doan" not in data:
        return None, None
    value = data["giai_doan"]
    found = _RANGE.fullmatch(value) if isinstance(value, str) else None
    pair = [found.group(1), found.group(2)] if found else value
    if not isinstance(pair, list) or len(pair) != 2:
        p.add(f"'{value}' không phải giai đoạn: ghi giai_doan = \"2023-2030\"", key="giai_doan")
        return None, None
    first, last = _year(pair[0], p, "giai_doan"), _year(pair[1], p, "giai_doan")
    if first and last and not first < last <= first + 20:
        p.add(f"giai đoạn {first}-{last}: năm cuối phải sau năm đầu (tối đa 20 năm)", key="giai_doan")
        return None, None
    return first, last


def _date(value, p: _Problems) -> PartialDate | None:
    """'05/3/2026' (full), '3/2026' (day left blank), '2026' (day and month blank), '' (all blank)."""
    if isinstance(value, date):
        return PartialDate.of(value)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        p.add("ngày phải trong ngoặc kép, ví dụ ngay = \"20/3/2026\", \"3/2026\" hoặc \"\"", key="ngay")
        return None
    full = parse_day_first(value)
    if full:
        return PartialDate.of(full)
    parts = [x for x in re.sub(r"[\s._…]", "", value).split("/")]
    if parts == [""]:
        return PartialDate(None)
    parts = [""] * (3 - len(parts)) + parts
    try:
        day, month, year = (int(x) if x else None for x in parts[-3:])
        if len(parts) != 3 or year is None or (day and not month) or not YEARS[0] <= year <= YEARS[1]:
            raise ValueError
        if month is not None and not 1 <= month <= 12:
            raise ValueError
        if day is not None:
            date(year, month, day)
    except (ValueError, TypeError):
        p.add(f"'{value}' không phải ngày: ghi \"20/3/2026\" (đủ ngày), \"3/2026\" (để trống ngày), \"2026\" "
              "(để trống ngày và tháng) hoặc \"\" (để trống cả ngày)", key="ngay")
        return None
    return PartialDate(year, month, day)


def _day_month(value, p: _Problems, key: str) -> DayMonth | None:
    found = re.fullmatch(r"\s*(\d{1,2})\s*/\s*(\d{1,2})\s*", value) if isinstance(value, str) else None
    if found:
        day, month = int(found.group(1)), int(found.group(2))
        if 1 <= month <= 12 and 1 <= day <= (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31):
            return DayMonth(day, month)
    p.add(f"'{value}' không phải ngày/tháng: ghi trong ngoặc kép, ví dụ \"15/01\"", "tien_do", None, key)
    return None


def _day_of_month(value, p: _Problems, key: str) -> int | None:
    if value is False:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 28:
        p.add(f"'{value}' phải là một ngày trong tháng từ 1 đến 28 (hoặc false: không có hạn này)", "tien_do", None, key)
        return None
    return value


# ----------------------------------------------------------------------------------- tables


def _array(value, name: str, p: _Problems) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(x, dict) for x in value):
        p.add(f"'{name}' phải là các bảng [[{name}]], mỗi bảng một dòng [[{name}]] rồi các khóa của nó", key=name)
        return []
    return value


def _sections(value, p: _Problems) -> tuple[Section, ...] | None:
    if value is None:
        return None
    found = []
    for i, item in enumerate(_array(value, "muc", p)):
        _unknown_keys(item, {"tieu_de", "noi_dung", "tu_dong"}, "muc", i, p)
        title = _text(item, "tieu_de", p, "muc", i)
        text = _text(item, "noi_dung", p, "muc", i)
        auto = item.get("tu_dong")
        if auto is not None and auto not in AUTO_SECTIONS:
            near = difflib.get_close_matches(str(auto), AUTO_SECTIONS, n=1)
            p.add(f"'{auto}' không phải phần tự động" + (f" (có phải '{near[0]}'?)" if near else "")
                  + f"; dùng một trong: {', '.join(AUTO_SECTIONS)}", "muc", i, "tu_dong")
            continue
        if auto is None and not (title and text):
            p.add("mỗi mục cần tieu_de và noi_dung (hoặc tu_dong = \"…\" để dùng phần do công cụ viết)", "muc", i)
            continue
        if auto is not None and text:
            p.add("mục tự động không nhận noi_dung: bỏ noi_dung, hoặc bỏ tu_dong để tự viết cả mục", "muc", i, "noi_dung")
        found.append(Section(title=title, text=text, auto=auto))
    autos = [s.auto for s in found if s.auto]
    for name in sorted({a for a in autos if autos.count(a) > 1}):
        p.add(f"phần tự động '{name}' được ghi nhiều lần", "muc", None)
    return tuple(found)


def _tasks(value, config: Config, p: _Problems) -> tuple[Task, ...] | None:
    if value is None:
        return None
    found = []
    for i, item in enumerate(_array(value, "nhiem_vu", p)):
        _unknown_keys(item, {"phong", "vai_tro", "viec"}, "nhiem_vu", i, p)
        code, role = _text(item, "phong", p, "nhiem_vu", i), _text(item, "vai_tro", p, "nhiem_vu", i)
        work = _text(item, "viec", p, "nhiem_vu", i)
        if (code is None) == (role is None):
            p.add("ghi một trong hai: phong = \"MÃ\" (mã phòng trong dvht.toml) hoặc vai_tro = \"…\"", "nhiem_vu", i)
            continue
        if work is None:
            p.add("thiếu viec (các việc được giao)", "nhiem_vu", i)
            continue
        who = role
        if code is not None:
            department = config.department(code)
            if department is None:
                codes = ", ".join(d.code for d in config.departments) or "dvht.toml chưa có phòng nào"
                p.add(f"'{code}' không phải mã phòng trong dvht.toml ({codes}); người không thuộc phòng nào: "
                      "dùng vai_tro", "nhiem_vu", i, "phong")
                continue
            who = department.name
        found.append(Task(who=who, text=work))
    return tuple(found)


def _annexes(value, p: _Problems) -> tuple[Annex, ...]:
    found = []
    for i, item in enumerate(_array(value, "phu_luc", p)):
        _unknown_keys(item, {"tieu_de", "noi_dung", "ten"}, "phu_luc", i, p)
        title, text = _text(item, "tieu_de", p, "phu_luc", i), _text(item, "noi_dung", p, "phu_luc", i)
        if title and text:
            found.append(Annex(title=title, text=text, label=_text(item, "ten", p, "phu_luc", i)))
        elif title or text:
            p.add("mỗi phụ lục cần tieu_de và noi_dung", "phu_luc", i)
    return tuple(found)


def _table(value, name: str, p: _Problems) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        p.add(f"'{name}' phải là một bảng [{name}]", key=name)
        return {}
    return value


def _signer(value, p: _Problems) -> SignerOverride:
    table = _table(value, "nguoi_ky", p)
    _unknown_keys(table, _SIGNER, "nguoi_ky", None, p)
    authority = table.get("quyen_han")
    if authority is not None:
        if not isinstance(authority, str):
            authority = ""
        normal = authority.strip().upper().rstrip(".") + "." if authority.strip() else None
        if normal is not None and normal not in SIGNING_AUTHORITIES:
            p.add(f"'{authority}' không hợp lệ: dùng một trong {', '.join(SIGNING_AUTHORITIES)}, hoặc \"\" khi "
                  "người đứng đầu ký", "nguoi_ky", None, "quyen_han")
        authority = normal
    return SignerOverride(
        authority=authority, authority_given="quyen_han" in table,
        title_of_head=_text(table, "chuc_vu", p, "nguoi_ky"),
        signing_title=_text(table, "chuc_vu_ky", p, "nguoi_ky"),
        full_name=_text(table, "ho_ten", p, "nguoi_ky", blank_ok=True),
    )


def _deadlines(value, first: int | None, last: int | None, p: _Problems) -> Deadlines:
    table = _table(value, "tien_do", p)
    _unknown_keys(table, _DEADLINES, "tien_do", None, p)
    found: dict = {}
    for key, field_name in (("ke_hoach_tu_hoc", "self_study"), ("nop_ho_so", "dossier"), ("bao_cao_nam", "annual_report")):
        if key in table:
            found[field_name] = _day_month(table[key], p, key)
    for key, field_name in (("gui_so_lieu", "monthly_day"), ("tong_hop", "summary_day")):
        if key in table:
            found[field_name] = _day_of_month(table[key], p, key)
    if "noi_nop_ho_so" in table:
        found["dossier_to"] = _text(table, "noi_nop_ho_so", p, "tien_do")
    days = table.get("so_ngay_sau_ban_hanh")
    if days is not None:
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 90:
            p.add(f"'{days}' phải là số ngày từ 1 đến 90", "tien_do", None, "so_ngay_sau_ban_hanh")
        else:
            found["days_after_issue"] = days
    review = table.get("so_ket")
    if review is not None:
        year = _year(review, p, "so_ket")
        if year and first and last and not first <= year < last:
            p.add(f"năm sơ kết {year} phải trong giai đoạn {first}-{last}, trước năm cuối", "tien_do", None, "so_ket")
        elif year and first == last:
            p.add("chỉ kế hoạch nhiều năm (giai_doan) mới có năm sơ kết", "tien_do", None, "so_ket")
        else:
            found["review_year"] = year
    return Deadlines(**{k: v for k, v in found.items() if v is not None or k in ("monthly_day", "summary_day")})


def _check_placeholders(data: dict, p: _Problems) -> None:
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
                p.add(f"'{{{name}}}' không phải chỗ thay thế; dùng một trong {known}", table, index, key)
