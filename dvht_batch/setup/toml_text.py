"""Reading the text of a settings file — dvht.toml, the Sở's tinh.toml, ke_hoach.toml, a rule file — as TOML:
one reading for every such file, a syntax mistake said in Vietnamese at its line with what to do (for a clerk
editing in Notepad), a value out of bounds refused (setup/toml_bounds.py). Its tables and keys are then checked
by the schema layer (setup/schema.py)."""
from __future__ import annotations

import re
import tomllib

from dvht_batch.messages import Findings, render
from dvht_batch.models import Finding
from dvht_batch.setup import toml_bounds

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
    return toml_finding(exc, text, Findings()).message


def toml_finding(exc: Exception, text: str, out: Findings) -> Finding:
    """Report a TOML syntax error into `out`: its place is the line and what it shows."""
    message = str(exc)
    hint = next((h for key, h in _TOML_HINTS if message.startswith(key)), "tệp không đúng cú pháp TOML")
    lines = text.splitlines()
    found = _WHERE.search(message)
    line_no = int(found.group(1)) if found else None
    shown = lines[line_no - 1].strip() if line_no and line_no <= len(lines) else ""
    suspects = [shown] if shown else lines
    if any(_SMART_QUOTES.search(x) for x in suspects):
        hint = "dùng dấu ngoặc kép thẳng \" thay cho “ ” (thường do sao chép từ Word)"
    place = f"dòng {line_no}" + (f" «{shown[:80]}»" if shown else "") if line_no else None
    return out.report("toml-syntax", place=place, hint=hint, original=message)


def loads_toml(text: str, source: str, kind: str, error: type) -> dict:
    """The TOML document in `text`; else `error` (ConfigError, RuleSetError) naming the file — `kind`: "cấu
    hình", "kế hoạch", "tiêu chí" — and the line of its syntax mistake. One reading for every TOML file."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        out = Findings(source)
        problem = toml_finding(exc, text, out)
        heading = render("settings-file-syntax", kind=kind, path=source)
        raise error(f"{heading} {problem.message}", out.items, heading=heading) from None
    except (RecursionError, ValueError) as exc:  # nesting or an integer out of bounds (setup/toml_bounds.py)
        bounded = toml_bounds.parse_failure(exc, text)
        if bounded is None:
            raise
        _out_of_bounds(bounded, source, kind, error)
    bounded = toml_bounds.out_of_bounds(data)
    if bounded is not None:
        _out_of_bounds(bounded, source, kind, error)
    return data


def _out_of_bounds(problem: tuple[str, int | None, str], source: str, kind: str, error: type) -> None:
    key, line, message_id = problem
    out = Findings(source)
    found = out.report(message_id, place=f"dòng {line}" if line else None, key=key or "?",
                       limit=toml_bounds.MAX_DEPTH, digits=len(str(toml_bounds.MAX_INTEGER)))
    heading = render("settings-file-bounds", kind=kind, path=source)
    raise error(f"{heading} {found.message}", out.items, heading=heading) from None
