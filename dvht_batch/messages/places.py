"""Where a finding is in a TOML text file (dvht.toml, tinh.toml, ke_hoach.toml, a rule file): the line of each
table and key, found in the text, and the place a message is put after — 'dòng 12 ([[muc]] thứ 2, tu_dong)'."""
from __future__ import annotations

import re

_HEADER = re.compile(r"\s*(\[\[?)\s*([A-Za-z0-9_.]+)\s*\]")
_KEY = re.compile(r"\s*([A-Za-z0-9_]+)\s*=")


class Places:
    """The line of each key in the file's text: (table, index in its array or None, key or None for the table's
    own header line) → line number, counted from 1. An empty text knows no line (a place is then its label)."""

    def __init__(self, text: str = ""):
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

    def line(self, table: str = "", index: int | None = None, key: str | None = None) -> int | None:
        """The key's line (a key that is a table: its header's, [key] or the first [[key]]); else its table's
        header line; None when neither is written on a line of its own."""
        inner = f"{table}.{key}" if table and key else key
        return (self.lines.get((table, index, key)) or self.lines.get((inner, None, None))
                or self.lines.get((inner, 0, None)) or self.lines.get((table, index, None)))

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
