"""Bounds on a TOML document of the office (dvht.toml, ke_hoach.toml, rule files): how deep tables and lists
nest, how large an integer is. A 5,000-deep nested table or a 5,000-digit integer is a mistake (or a hostile
file), refused with the key it is at, never a crash of the reader (RecursionError, ValueError).

    problem = parse_failure(exc, text)   # tomllib gave up: (key, line, message id) from the text
    problem = out_of_bounds(data)        # parsed: (key, None, message id) of the first value out of bounds
"""
from __future__ import annotations

import re

MAX_DEPTH = 20                # tables and lists inside one another; the office's files use at most 4
MAX_INTEGER = 10 ** 15 - 1    # 15 digits: no count, year or number of a document comes near
TOO_DEEP, TOO_LARGE = "toml-too-deep", "toml-number-too-large"

_LONG_NUMBER = re.compile(r"(?<![\w.\"'])[+-]?\d[\d_]{15,}")
_KEY = re.compile(r"^\s*([^=\[\]]+?)\s*=")
_HEADER = re.compile(r"^\s*\[\[?\s*([^\]=]+?)\s*\]")


def parse_failure(exc: Exception, text: str) -> tuple[str, int | None, str] | None:
    """Why tomllib failed on a value out of bounds: nesting too deep (RecursionError) or an integer too
    long to convert (ValueError); (key, line number, message id), else None."""
    if isinstance(exc, RecursionError):
        message_id, culprit = TOO_DEEP, _too_deep
    elif isinstance(exc, ValueError):
        message_id, culprit = TOO_LARGE, lambda line: bool(_LONG_NUMBER.search(line))
    else:
        return None
    table = ""
    for n, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            table = header.group(1).strip()
        if culprit(line):
            key = _key_on(line) if not header else ""
            return _shortened(".".join(k for k in (table, key) if k)), n, message_id
    return "", None, message_id


def _too_deep(line: str) -> bool:
    """Whether brackets open on one line reach deeper than MAX_DEPTH (strings are not told apart: only a
    line that made the parser give up is looked for)."""
    depth = 0
    for c in line:
        if c in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif c in "]}":
            depth -= 1
    return False


def out_of_bounds(data: dict) -> tuple[str, None, str] | None:
    """The first value nested deeper than MAX_DEPTH or an integer beyond ±MAX_INTEGER, by its dotted key."""
    todo: list[tuple[object, tuple[str, ...]]] = [(data, ())]
    while todo:
        value, keys = todo.pop()
        if len(keys) > MAX_DEPTH:
            return _dotted(keys), None, TOO_DEEP
        if isinstance(value, dict):
            todo.extend((v, keys + (str(k),)) for k, v in value.items())
        elif isinstance(value, list):
            todo.extend((v, keys + (f"[{i + 1}]",)) for i, v in enumerate(value))
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INTEGER:
            return _dotted(keys), None, TOO_LARGE
    return None


def _key_on(line: str) -> str:
    found = _KEY.match(line)
    return found.group(1).strip() if found else ""


def _dotted(keys: tuple[str, ...]) -> str:
    return _shortened(".".join(keys).replace(".[", "["))


def _shortened(key: str) -> str:
    return key if len(key) <= 60 else key[:57] + "…"
