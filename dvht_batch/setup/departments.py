"""The `[[phong]]` tables of dvht.toml: each department's code, name and e-mail addresses, and the checks
that keep codes usable as file names (docs/hop-dong.md §1). Department is re-exported by dvht_batch.setup.config."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from dvht_batch.messages import At, Findings
from dvht_batch.setup.schema import Table, item_at, key
from dvht_batch.vn.text import strip_accents

# [[phong]] in dvht.toml's schema (config.SCHEMA): an item is named by its code in what the clerk is told ('phòng KT')
TABLE = Table({"ma": key(str, required=True), "ten": key(str, required=True), "email": key()},
              many=True, named_by="ma", word="phòng")


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    emails: tuple[str, ...] = ()  # email: addresses the department sends from (lower case), optional


def code_file_key(code: str) -> str:
    """What is left of a code in file names on any system: no accents, no case, no separators.

    `ĐT` and `DT`, `P H` and `P_H` have the same key: their reports and templates would share a name.
    """
    return "".join(ch for ch in strip_accents(code).casefold() if ch.isalnum())


def _code_problem(code: str, name: str) -> tuple[str, str, str] | None:
    """Why a department code cannot name files (path separators, control characters, no letter) as (message id,
    code, name), or None."""
    if any(ch in "/\\" or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in code):
        shown = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in code)
        return "department-code-unsafe", shown, name
    if not code_file_key(code):
        return "department-code-empty", code, name
    return None


def parse_departments(items: list[dict] | None, problems: Findings) -> tuple[Department, ...]:
    """The [[phong]] tables (their keys and types checked by the schema, config.SCHEMA; an item without a
    code or a name is left out, the schema has said why) → departments with codes usable in file names. Each
    finding is at the line of the item's key it is about ('dòng 23 (phòng KT): …')."""
    result: list[Department] = []
    seen: set[str] = set()
    by_file_key: dict[str, Department] = {}
    for i, item in enumerate(items or ()):  # none: an agency without departments (`dvht run` asks for them)
        code, name = item.get("ma"), item.get("ten")
        if code is None or name is None:
            continue
        at = item_at("phong", i, item, TABLE)
        if code.strip().casefold() in seen:
            at.report(problems, "duplicate-department", "ma", code=code)
            continue
        seen.add(code.strip().casefold())
        department = Department(code.strip(), name.strip(), _parse_emails(item.get("email"), at, problems))
        problem = _code_problem(department.code, department.name)
        if problem is not None:
            message_id, shown, named = problem
            at.report(problems, message_id, "ma", code=shown, name=named)
            continue
        other = by_file_key.setdefault(code_file_key(department.code), department)
        if other is not department:
            at.report(problems, "department-codes-clash", "ma", first=other.code, first_name=other.name,
                      second=department.code, second_name=department.name)
            continue
        result.append(department)
    return tuple(result)


def check_coordinator(value, departments: tuple[Department, ...], problems: Findings) -> None:
    """`dau_moi` is a department code or a role; a code-like word that names no department is a typo."""
    if not isinstance(value, str) or not value.strip():
        return
    text = value.strip()
    if any(d.code.casefold() == text.casefold() for d in departments):
        return
    if " " not in text and len(text) <= 10 and text.upper() == text:
        codes = ", ".join(d.code for d in departments) or "chưa có phòng nào"
        At("don_vi").report(problems, "coordinator-not-a-department", "dau_moi", given=text, codes=codes)


def _parse_emails(value, at: At, problems: Findings) -> tuple[str, ...]:
    """`email = "vp@so.gov.vn"` or a list of addresses; compared without case."""
    if value is None:
        return ()
    values = [value] if isinstance(value, str) else value
    if (not isinstance(values, list) or not values
            or not all(isinstance(v, str) and re.fullmatch(r"[^@\s<>]+@[^@\s<>]+", v.strip()) for v in values)):
        at.report(problems, "config-not-an-email", "email")
        return ()
    return tuple(v.strip().casefold() for v in values)
