"""Where a finding is in a TOML text file (dvht.toml, tinh.toml, ke_hoach.toml, a rule file): the line of each
table and key, found in the text, and the place a message is put after — 'dòng 12 ([[muc]] thứ 2, tu_dong)'.

A key is found however TOML lets it be written: below its [table] or [[table]] line, dotted
(`van_ban.ngay = …`, `muc_tieu.1 = …`), quoted (`"ngay" = …`), in a sub-table of an item of an array
([tieu_chi.muc_tieu] below [[tieu_chi]]), inside a value written on one line — an inline table
(`van_ban = { ngay = … }`) or an array of them (`phong = [{ ma = … }]`): that line holds it — or in an array of
inline tables written one item a line. A line that cannot be told (a finding about several keys, a key not in
the text) is left out: the place is the table, never another line."""
from __future__ import annotations

import re
from dataclasses import dataclass

_BARE = r"[A-Za-z0-9_-]+"
_PART = rf'(?:{_BARE}|"[^"\n]*"|\'[^\'\n]*\')'
_DOTTED = rf"{_PART}(?:\s*\.\s*{_PART})*"
_HEADER = re.compile(rf"\s*(\[\[?)\s*({_DOTTED})\s*\]")
_KEY = re.compile(rf"\s*({_DOTTED})\s*=")
_SEGMENT = re.compile(_PART)


def _path(written: str) -> str:
    """A dotted key or table name as written ('van_ban . "ngay"') → its path ('van_ban.ngay')."""
    return ".".join(part.strip("\"'") for part in _SEGMENT.findall(written))


def _scan(text: str, quote: str | None, depth: int = 0, items: list | None = None) -> tuple[int, str | None]:
    """The bracket depth ([ and {) at the end of a line (of the part of it after `=`; `depth`: before it) outside
    strings and comments, and the multi-line string quote (\"\"\" or ''') still open at its end (`quote`: open
    before it). `items`, for an array of inline tables: receives None for each item ({ at depth 1) and the path
    of each key written in an item."""
    i = 0
    while i < len(text):
        if quote:
            end = text.find(quote, i)
            if end < 0:
                return depth, quote
            i, quote = end + 3, None
            continue
        ch = text[i]
        if text.startswith(('"""', "'''"), i):
            quote, i = text[i:i + 3], i + 3
            continue
        if ch in "\"'":
            end = i + 1
            while end < len(text) and text[end] != ch:
                end += 2 if ch == '"' and text[end] == "\\" else 1
            i = end + 1
            continue
        if ch == "#":
            break
        if items is not None and ch == "{" and depth == 1:
            items.append(None)
        depth += (ch in "[{") - (ch in "]}")
        key = _KEY.match(text, i + 1) if items is not None and ch in "{," and depth == 2 else None
        if key:
            items.append(_path(key.group(1)))
        i += 1
    return depth, quote


class Places:
    """The line of each key in the file's text: (table, index in its array or None, key or None for the table's
    own header line) → line number, counted from 1; `whole`: the keys whose value is written on their own line
    (an inline table or array there holds every key and item inside it). An array of inline tables written over
    several lines (`phong = [` then `{ ma = "VP", … },` a line) has the line of each item and of its keys, as
    [[phong]] would. An empty text knows no line."""

    def __init__(self, text: str = ""):
        self.lines: dict[tuple[str, int | None, str | None], int] = {}
        self.whole: set[tuple[str, int | None, str]] = set()
        table, index, within, counts, quote, depth, array = "", None, "", {}, None, 0, None
        for n, line in enumerate(text.splitlines(), start=1):
            if quote or depth > 0:  # inside a multi-line string or array: no header, no key of the table
                depth, quote = self._value(line, quote, depth, array, counts, n)
                continue
            header, key = _HEADER.match(line), _KEY.match(line)
            if header and not key:
                table, index, within = self._header(_path(header.group(2)), header.group(1) == "[[", counts, n)
            elif key:
                name = f"{within}.{_path(key.group(1))}" if within else _path(key.group(1))
                self._key(table, index, name, n)
                # an array in a plain table may hold inline tables: its items are those of [[table.name]]
                array = (f"{table}.{name}" if table else name) if index is None else None
                depth, quote = self._value(line[key.end():], None, 0, array, counts, n)
                if depth <= 0 and not quote:
                    self.whole.add((table, index, name))

    def _header(self, path: str, many: bool, counts: dict, n: int) -> tuple[str, int | None, str]:
        """A [path] or [[path]] line → the table its keys belong to, its index, and the key prefix of a sub-table
        of an item of an array: [tieu_chi.muc_tieu] below [[tieu_chi]] holds that item's muc_tieu.1, muc_tieu.2."""
        if many:
            counts[path] = counts.get(path, -1) + 1
            self.lines.setdefault((path, counts[path], None), n)
            return path, counts[path], ""
        parts = path.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            owner = ".".join(parts[:cut])
            if owner in counts:
                within = ".".join(parts[cut:])
                self._key(owner, counts[owner], within, n)
                return owner, counts[owner], within
        self.lines.setdefault((path, None, None), n)
        return path, None, ""

    def _value(self, text: str, quote: str | None, depth: int, array: str | None, counts: dict, n: int):
        """Read a line of a value (`array`: the path of the array being read, None: no items to count)."""
        items: list | None = [] if array else None
        depth, quote = _scan(text, quote, depth, items)
        for found in items or ():
            if found is None:
                counts[array] = counts.get(array, -1) + 1
                self.lines.setdefault((array, counts[array], None), n)
            elif array in counts:
                self._key(array, counts[array], found, n)
        return depth, quote

    def _key(self, table: str, index: int | None, path: str, n: int) -> None:
        """A key's line; a dotted key's also for each of its prefixes (`muc_tieu.1` → `muc_tieu`), first line first."""
        parts = path.split(".")
        for end in range(1, len(parts) + 1):
            self.lines.setdefault((table, index, ".".join(parts[:end])), n)

    def line(self, table: str = "", index: int | None = None, key: str | None = None) -> int | None:
        """The key's line (a key that is a table: its header's, [key] or the first [[key]]); no key: its table's
        header line. None when it cannot be told. `key` as a message names it ('bac[2] tỷ lệ' → 'bac')."""
        if key is None:
            return self.lines.get((table, index, None)) or self._inside(table, index, "")
        key = re.split(r"[\[\s]", key, maxsplit=1)[0]
        inner = f"{table}.{key}" if table else key
        return (self.lines.get((table, index, key)) or self._dotted(table, index, key)
                or self.lines.get((inner, None, None)) or self.lines.get((inner, 0, None))
                or self._inside(table, index, key))

    def _dotted(self, table: str, index: int | None, key: str) -> int | None:
        """[van_ban] ngay written at the top as `van_ban.ngay = …` (or below [van_ban] as a dotted key)."""
        if index is not None or not table:
            return None
        parts = f"{table}.{key}".split(".")
        for cut in range(len(parts) - 1, -1, -1):
            found = self.lines.get((".".join(parts[:cut]), None, ".".join(parts[cut:])))
            if found:
                return found
        return None

    def _inside(self, table: str, index: int | None, key: str) -> int | None:
        """The line of a value written on one line that holds the key: `muc_tieu = { 1 = … }` for muc_tieu.1,
        `van_ban = { ngay = … }` for [van_ban] ngay, `phong = [{ … }, { … }]` for [[phong]] thứ 2's keys."""
        parts = key.split(".") if key else []
        for end in range(len(parts) - 1, 0, -1):  # within the table: muc_tieu.1 → muc_tieu
            if (table, index, ".".join(parts[:end])) in self.whole:
                return self.lines[(table, index, ".".join(parts[:end]))]
        path = table.split(".") if table else []
        for cut in range(len(path) - 1, -1, -1):  # the table itself is a value: [van_ban] → van_ban = { … }
            holder = (".".join(path[:cut]), None, ".".join(path[cut:]))
            if holder in self.whole:
                return self.lines[holder]
        return None

    def where(self, table: str = "", index: int | None = None, key: str | None = None, *,
              label: str | None = None, line_of: str | None = None) -> str | None:
        """'dòng 12 ([[muc]] thứ 2, tu_dong)': the line (of `line_of` when given, else of `key`), the table
        (`label` names an item of an array: 'tiêu chí 3.1') and the key; None when there is nothing to say."""
        parts = [label or (f"[[{table}]] thứ {index + 1}" if index is not None else f"[{table}]")] if table else []
        if key:
            parts.append(key)
        n = self.line(table, index, line_of or key)
        shown = ", ".join(parts)
        if n:
            return f"dòng {n} ({shown})" if shown else f"dòng {n}"
        return shown or None


@dataclass(frozen=True)
class At:
    """A table of a settings file a finding is about: its name as its header writes it ('' at the top, 'phong'
    for [[phong]]), its index in an array, the label of that item ('tiêu chí 3.1'). `report` puts the finding
    at the line of the key it is about, with the table: 'dòng 23 (phòng KT): …' (the message names the key)."""

    table: str = ""
    index: int | None = None
    label: str | None = None

    @property
    def shown(self) -> str:
        return f"[[{self.table}]]" if self.index is not None else f"[{self.table}]"

    def report(self, out, message_id: str, line_of: str | None = None, **fields: object):
        """Report the catalogue's `message_id` into `out` (a messages.Findings) at the line of the key `line_of`
        (None: the table's header line); where that line cannot be told, at the table alone."""
        return out.report(message_id, place=out.places.where(self.table, self.index, label=self.label,
                                                              line_of=line_of), **fields)
