"""Reading single values of a rule file (numbers, ratios, titles, known keys) and explaining TOML
syntax errors, in Vietnamese; every problem is collected into `Problems`, never raised."""
from __future__ import annotations

import difflib
import re
from decimal import Decimal, InvalidOperation

from dvht_batch.models import Title

# tomllib's English messages → what to do, for a clerk editing the file in Notepad.
_TOML_HINTS: tuple[tuple[str, str], ...] = (
    ("Invalid value", "giá trị không hợp lệ: chữ phải đặt trong ngoặc kép thẳng, ví dụ ten = \"Tốt\"; "
                      "số thập phân ghi bằng dấu chấm (0.90) hoặc đặt trong ngoặc kép (\"0,90\")"),
    ("Expected newline or end of document", "sau giá trị phải xuống dòng (mỗi khóa một dòng); số thập phân có dấu "
                                            "phẩy phải đặt trong ngoặc kép (\"0,90\") hoặc dùng dấu chấm (0.90)"),
    ("Expected '=' after a key", "sau tên khóa phải có dấu '='; tên khóa viết không dấu, không có dấu cách "
                                 "(ví dụ muc_tieu, không phải 'mục tiêu')"),
    ("Cannot overwrite a value", "một khóa được ghi hai lần trong cùng một bảng; mỗi tiêu chí mới phải bắt đầu bằng "
                                 "dòng [[tieu_chi]]"),
    ("Cannot declare", "một bảng được khai báo hai lần: [bo_tieu_chi] chỉ có một; các tiêu chí, nhóm dùng hai dấu "
                       "ngoặc vuông [[tieu_chi]], [[nhom]]"),
    ("Unclosed array", "thiếu dấu ']' đóng danh sách, ví dụ muc_do = [1, 2]"),
    ("Unclosed inline table", "thiếu dấu '}' đóng bảng, ví dụ muc_tieu = { 1 = \"0.90\", 2 = \"0.95\" }"),
    ("Unterminated string", "thiếu dấu ngoặc kép '\"' đóng chuỗi"),
    ("Expected ']]'", "thiếu ']]' ở cuối dòng khai báo, ví dụ [[tieu_chi]]"),
    ("Expected ']'", "thiếu ']' ở cuối dòng khai báo, ví dụ [bo_tieu_chi]"),
    ("Illegal character '\\n'", "thiếu dấu ngoặc kép '\"' đóng chuỗi trên dòng này"),
    ("Illegal character", "có ký tự không được phép (ví dụ ký tự điều khiển trong chuỗi)"),
)
_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)")
_SMART_QUOTES = re.compile(r"=\s*[“”„‘’]")


def toml_problem(exc: Exception, text: str) -> str:
    """A TOML syntax error in Vietnamese: the line, what it shows and what to do."""
    message = str(exc)
    hint = next((h for key, h in _TOML_HINTS if message.startswith(key)), "tệp không đúng cú pháp TOML")
    lines = text.splitlines()
    found = _WHERE.search(message)
    line_no = int(found.group(1)) if found else None
    shown = lines[line_no - 1].strip() if line_no and line_no <= len(lines) else ""
    suspects = [shown] if shown else lines
    if any(_SMART_QUOTES.search(x) for x in suspects):
        hint = "dùng dấu ngoặc kép thẳng \" thay cho “ ” (thường do sao chép từ Word)"
    where = f"dòng {line_no}" + (f" «{shown[:80]}»" if shown else "") + ": " if line_no else ""
    return f"{where}{hint} (thông báo gốc: {message})."


class Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, what: str) -> None:
        self.items.append(f"{where}: {what}")


def decimal_value(value, where: str, key: str, p: Problems, lo: Decimal | None = None, hi: Decimal | None = None):
    if value is None:
        return None
    if isinstance(value, bool) or isinstance(value, (dict, list)):
        p.add(where, f"'{key}' phải là một số (ví dụ \"0.90\" hoặc 10)")
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


def ratio_value(value, where: str, key: str, p: Problems, positive: bool = False) -> Decimal | None:
    """A ratio 0…1: "0.90", 0.9, "0,90" or "90%" (→ 0.90). 90 is refused with a hint."""
    if isinstance(value, str) and value.strip().endswith("%"):
        d = decimal_value(value.strip()[:-1], where, key, p, Decimal(0), Decimal(100))
        d = None if d is None else d / 100
    else:
        d = decimal_value(value, where, key, p)
        if d is not None and (d < 0 or d > 1):
            hint = f" (tỷ lệ ghi dạng số thập phân: {d}% là \"{d / 100:.2f}\")" if 1 < d <= 100 else ""
            p.add(where, f"'{key}' = {value} không hợp lệ: tỷ lệ phải trong khoảng 0…1{hint}")
            return None
    if d is not None and positive and d == 0:
        p.add(where, f"'{key}' phải lớn hơn 0")
        return None
    return d


def title_value(value, where: str, key: str, kind: str, p: Problems) -> Title | None:
    from dvht_batch.vocab import parse_title  # local: vocab imports models only

    names = ", ".join(t.label for t in Title if t.kind == kind and t.rank >= 1)
    if value is None:
        p.add(where, f"thiếu '{key}': ghi danh hiệu tối thiểu, một trong: {names}")
        return None
    parsed = parse_title(str(value)) if isinstance(value, str) else None
    if parsed is None or parsed.title is None or parsed.title.kind != kind or parsed.title.rank < 1:
        p.add(where, f"'{key}' = '{value}' không phải danh hiệu {'tập thể' if kind == 'collective' else 'cá nhân'}; "
                     f"dùng một trong: {names}")
        return None
    return parsed.title


def check_keys(table: dict, allowed: set[str], where: str, p: Problems) -> None:
    for k in table:
        if k not in allowed:
            near = difflib.get_close_matches(str(k), sorted(allowed), n=1, cutoff=0.6)
            p.add(where, f"khóa không được hỗ trợ '{k}'" + (f" (có phải '{near[0]}'?)" if near else
                                                           f"; các khóa dùng được: {', '.join(sorted(allowed))}"))


def is_text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())
