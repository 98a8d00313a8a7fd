"""Module-level caches live as long as the process — the web app's for days: each is an `lru_cache` with a
bound, owned by its module (no `functools.cache`, no `maxsize=None`, no dict growing with the input)."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "dvht_batch"


def _unbounded(tree: ast.AST) -> list[int]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for dec in node.decorator_list:
            name = ast.unparse(dec.func if isinstance(dec, ast.Call) else dec)
            if name.endswith("cache") and not name.endswith("lru_cache"):  # functools.cache: no bound
                found.append(node.lineno)
            elif name.endswith("lru_cache"):
                size = {k.arg: k.value for k in dec.keywords} if isinstance(dec, ast.Call) else {}
                bound = size.get("maxsize") or (dec.args[0] if isinstance(dec, ast.Call) and dec.args else None)
                if not isinstance(dec, ast.Call) or bound is None or (isinstance(bound, ast.Constant)
                                                                       and bound.value is None):
                    found.append(node.lineno)
    return found


def test_every_cache_has_a_bound():
    unbounded = {p.relative_to(PACKAGE).as_posix(): lines for p in PACKAGE.rglob("*.py")
                 if (lines := _unbounded(ast.parse(p.read_text(encoding="utf-8"))))}
    assert unbounded == {}


def test_the_check_finds_an_unbounded_cache():
    code = "from functools import cache, lru_cache\n@cache\ndef a(x): ...\n@lru_cache(maxsize=None)\ndef b(x): ...\n" \
           "@lru_cache\ndef c(x): ...\n@lru_cache(maxsize=8)\ndef d(x): ...\n"
    assert _unbounded(ast.parse(code)) == [3, 5, 7]
