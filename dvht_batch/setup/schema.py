"""One schema layer for the office's TOML settings files: dvht.toml (setup/config.py, setup/mail_out.py), the
Sở's tinh.toml (province/config.py), ke_hoach.toml (plan/file.py) and rule files (rules/parsing.py). Each file
declares its tables and keys (`Table`, `Key`); `check` reports into the file's `Findings` what does not fit:

- a table or key not declared, with the nearest declared key as a suggestion (a top-level key written below a
  [table] line is said to belong to that table: TOML reads it so);
- a required table or key missing;
- a value of the wrong type: TOML's `true` is never a number, a blank text is not a text (unless the key is
  declared `blank`: a signer's name left for the hand), `TEXTS` is a list of texts none blank.

Each finding is at its line with its table (messages/places.py) and names its key, in Vietnamese from the
catalogue (messages/settings.py). What a value means (dates, thresholds, titles, codes…) stays with the file's
parser: it runs after `check`, on values whose types are then right, and does not report again what `check` did.
Its findings are placed the same way: `At(table).report(out, id, key, …)` at the line of the key they are about,
an item of an array named by `item_at` as `check` names it ('dòng 23 (phòng KT): …').
"""
from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from dvht_batch.messages import At, Findings, listed, render
from dvht_batch.vn.text import strip_accents


class TEXTS:
    """The type of a list of texts, none blank: ["Dòng một", "Dòng hai"] (or [])."""


_TYPE_NAMES = {str: "chuỗi văn bản", int: "số nguyên", float: "số", bool: "true hoặc false (không có ngoặc kép)",
               list: "danh sách", dict: "bảng", date: "ngày",
               TEXTS: "danh sách các dòng chữ, ví dụ [\"Dòng một\", \"Dòng hai\"]"}


@dataclass(frozen=True)
class Key:
    """A key holding a value: its types (none: any value, which the file's parser checks), whether the file
    must have it, whether a text may be blank; `wrong`: the catalogue's id said of a value of another type
    (fields `key`, `type`)."""

    types: tuple[type, ...] = ()
    required: bool = False
    blank: bool = False
    wrong: str = "settings-wrong-type"


def key(*types: type, required: bool = False, blank: bool = False, wrong: str = "settings-wrong-type") -> Key:
    """`key(str, required=True)`, `key(str, int)`, `key(TEXTS)`, `key()` (any value)."""
    return Key(types, required, blank, wrong)


def any_keys(*names: str) -> dict[str, Key]:
    """Keys whose values the file's parser checks itself (a value of several shapes: "0.90", 0.9, {1 = …})."""
    return {name: Key() for name in names}


@dataclass(frozen=True)
class Table:
    """A table [name] — or, `many`, an array of tables [[name]] — and its keys; `required`: the file must have
    it; `named_by` and `word`: an item of the array is named by the text of one of its keys ('tiêu chí 3.1');
    `wrong` / `missing`: the catalogue's ids said when it is not a table / is missing (fields `name`, `keys`)."""

    keys: Mapping[str, Key | Table]
    required: bool = False
    many: bool = False
    named_by: str | None = None
    word: str = ""
    wrong: str | None = None
    missing: str = "settings-missing-table"

    @property
    def shown_keys(self) -> str:
        """The keys the clerk is reminded of: the required ones, else all."""
        needed = [k for k, v in self.keys.items() if v.required]
        return ", ".join(needed or self.keys)


def type_name(types: tuple[type, ...], blank: bool = True) -> str:
    """A TOML value's expected type in the clerk's words: "chuỗi văn bản hoặc số nguyên"."""
    shown = " hoặc ".join(_TYPE_NAMES.get(t, t.__name__) for t in types)
    return shown + (" (không để trống)" if types == (str,) and not blank else "")


def fits(value: object, spec: Key) -> bool:
    """Whether `value` is of one of the key's types: a bool only where bool is declared; a blank text only
    where the key may be blank or takes another type too (so_bao_cao = "": a number left for the văn thư)."""
    for t in spec.types:
        if t is TEXTS:
            if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
                return True
        elif isinstance(value, bool) and t is not bool:
            continue
        elif isinstance(value, t):
            return not (t is str and not value.strip() and spec.types == (str,) and not spec.blank)
    return False


def check(data: dict, schema: Table, out: Findings) -> dict:
    """Report into `out` each table and key of `data` (a parsed TOML file) that does not fit `schema`; the
    data that fits is returned (unknown keys, values of a wrong type, tables that are not tables left out),
    so that a parser reading it never meets a type it does not expect."""
    return _check_keys(data, schema, At(), schema, out)


def refuse(out: Findings, kind: str, error: type) -> None:
    """Raise `error` (ConfigError, RuleSetError) with every finding of `out` listed under the line "Tệp {kind}
    '…' có N lỗi:", if there is any (`kind`: "cấu hình", "kế hoạch", "tiêu chí")."""
    if out.items:
        heading = render("settings-file-problems", kind=kind, where=f" '{out.file}'" if out.file else "",
                         count=len(out.items))
        raise error(listed(heading, out.texts), out.items, heading=heading)


def _check_keys(table: dict, schema: Table, at: At, top: Table, out: Findings) -> dict:
    kept = {}
    for name, value in table.items():
        spec = schema.keys.get(name)
        if spec is None:
            _unknown(name, schema, at, top, out)
        elif isinstance(spec, Table):
            checked = _check_table(name, value, spec, at, top, out)
            if checked is not None:
                kept[name] = checked
        elif spec.types and not fits(value, spec):
            at.report(out, spec.wrong, name, key=name, type=type_name(spec.types, spec.blank))
        else:
            kept[name] = value
    for name, spec in schema.keys.items():
        if spec.required and name not in table:
            if isinstance(spec, Table):
                at.report(out, spec.missing, name=name, keys=spec.shown_keys)
            else:
                at.report(out, "missing-key", key=name)
    return kept


def _check_table(name: str, value: object, spec: Table, at: At, top: Table, out: Findings) -> dict | list | None:
    path = f"{at.table}.{name}" if at.table else name
    if not spec.many:
        if isinstance(value, dict):
            return _check_keys(value, spec, At(path), top, out)
        at.report(out, spec.wrong or "settings-not-a-table", name, name=name, keys=spec.shown_keys)
        return None
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        at.report(out, spec.wrong or "settings-not-tables", name, name=name, keys=spec.shown_keys)
        return None
    return [_check_keys(item, spec, item_at(path, i, item, spec), top, out) for i, item in enumerate(value)]


def item_at(path: str, index: int, item: dict, spec: Table) -> At:
    """The `index`-th item of an array of tables [[path]], named as its findings name it: by the text of its
    `named_by` key ('phòng KT', 'tiêu chí 3.1'), else by its place in the array ('[[phong]] thứ 4')."""
    named = item.get(spec.named_by) if spec.named_by else None
    return At(path, index, f"{spec.word} {named.strip()}" if isinstance(named, str) and named.strip() else None)


def nearest(name: str, allowed: list[str] | tuple[str, ...]) -> str | None:
    """The allowed name nearest to a mistyped one, accents aside ('mã' → 'ma', 'muc_tieeu' → 'muc_tieu')."""
    folded = {strip_accents(a).casefold(): a for a in allowed}
    near = difflib.get_close_matches(strip_accents(name).casefold(), list(folded), n=1, cutoff=0.6)
    return folded[near[0]] if near else None


def _unknown(name: str, schema: Table, at: At, top: Table, out: Findings) -> None:
    if at.table and isinstance(top.keys.get(name), Key):  # TOML: a key below a [table] line belongs to it
        at.report(out, "settings-key-in-table", name, key=name, table=at.shown)
        return
    allowed = sorted(schema.keys)
    near = nearest(str(name), allowed)
    if near:
        at.report(out, "unknown-key-near", name, key=name, near=near)
    else:
        at.report(out, "unknown-key", name, key=name, allowed=", ".join(allowed))
