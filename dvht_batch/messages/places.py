"""Where a finding is in a TOML text file (dvht.toml, tinh.toml, ke_hoach.toml, a rule file): the line of each
table and key, found in the text, and the place a message is put after — 'dòng 12 ([[muc]] thứ 2, tu_dong)'.

A key is found however TOML lets it be written: below its [table] or [[table]] line, dotted
(`van_ban.ngay = …`, `muc_tieu.1 = …`), quoted (`"ngay" = …`), or inside a value written on one line — an
inline table (`van_ban = { ngay = … }`) or an array of them (`phong = [{ ma = … }]`): that line holds it. A key
whose line cannot be told (an item of an array of inline tables written over several lines) has no line: its
place is its table, never another line."""
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


def _scan(text: str, quote: str | None) -> tuple[int, str | None]:
    """How much a line (the part of it after `=`) opens brackets ([ and {, minus ] and }) outside strings and
    comments, and the multi-line string quote (\"\"\" or ''') still open at its end (`quote`: open before it)."""
    depth, i = 0, 0
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
        depth += (ch in "[{") - (ch in "]}")
        i += 1
    return depth, quote


class Places:
    """The line of each key in the file's text: (table, index in its array or None, key or None for the table's
    own header line) → line number, counted from 1; `whole`: the keys whose value is written on their own line
    (an inline table or array there holds every key and item inside it). An empty text knows no line."""

    def __init__(self, text: str = ""):
        self.lines: dict[tuple[str, int | None, str | None], int] = {}
        self.whole: set[tuple[str, int | None, str]] = set()
        table, index, counts, quote, depth = "", None, {}, None, 0
        for n, line in enumerate(text.splitlines(), start=1):
            if quote or depth > 0:  # inside a multi-line string or array: no header, no key of the table
                change, quote = _scan(line, quote)
                depth += change
                continue
            header, key = _HEADER.match(line), _KEY.match(line)
            if header and not key:
                table = _path(header.group(2))
                index = counts[table] = counts.get(table, -1) + 1 if header.group(1) == "[[" else None
                self.lines.setdefault((table, index, None), n)
            elif key:
                self._key(table, index, _path(key.group(1)), n)
                depth, quote = _scan(line[key.end():], None)
                if depth <= 0 and not quote:
                    self.whole.add((table, index, _path(key.group(1))))

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
