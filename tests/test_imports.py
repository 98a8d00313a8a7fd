"""Imports go one way: no import inside a function closes a cycle that a module-level import would reveal
(a cycle hidden in a function-level import is still a cycle)."""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "dvht_batch"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(node: ast.AST, package: str, known: set[str]) -> list[str]:
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names]
    elif isinstance(node, ast.ImportFrom):
        base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
        module = ".".join(base + ([node.module] if node.module else [])) if node.level else (node.module or "")
        names = [module] + [f"{module}.{a.name}" for a in node.names]
    else:
        return []
    return [n for n in names if n in known]


def graphs() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    top, inner = defaultdict(set), defaultdict(set)
    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in tree.body:
            top[name].update(imported(node, package, set(files)))
        for fn in ast.walk(tree):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for node in ast.walk(fn):
                    inner[name].update(imported(node, package, set(files)))
    return top, inner


def reaches(start: str, goal: str, edges: dict[str, set[str]]) -> bool:
    seen, todo = set(), [start]
    while todo:
        here = todo.pop()
        if here == goal:
            return True
        if here not in seen:
            seen.add(here)
            todo.extend(edges[here])
    return False


def test_no_cycle_hides_in_a_function_level_import():
    top, inner = graphs()
    every = defaultdict(set, {m: top[m] | inner[m] for m in set(top) | set(inner)})
    hidden = [f"{m} → {t}" for m in inner for t in inner[m] - top[m] if reaches(t, m, every)]
    assert not hidden, "function-level imports closing a cycle: " + "; ".join(sorted(hidden))


def test_the_check_finds_a_hidden_cycle(tmp_path, monkeypatch):
    """The check itself can fail: two modules importing each other, one inside a function."""
    pkg = tmp_path / "dvht_batch"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from dvht_batch import b\n")
    (pkg / "b.py").write_text("def f():\n    from dvht_batch import a\n")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", pkg)
    top, inner = graphs()
    assert "dvht_batch.a" in inner["dvht_batch.b"] and reaches("dvht_batch.a", "dvht_batch.b", top)
