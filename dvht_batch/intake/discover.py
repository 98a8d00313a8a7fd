"""Find the input files under INPUT_DIR (subfolders too)."""
from __future__ import annotations

import os
from pathlib import Path

# Files no department sends on purpose: Explorer/Finder droppings and the tool's own config.
_SKIPPED_NAMES = {"thumbs.db", "desktop.ini", "ehthumbs.db"}
_SKIPPED_SUFFIXES = {".toml"}


def is_skipped(name: str) -> bool:
    """Office owner/lock files (`~$Name.xlsx`), hidden dot-files, Thumbs.db/desktop.ini, *.toml."""
    lowered = name.casefold()
    return (
        name.startswith("~$")
        or name.startswith(".")
        or lowered in _SKIPPED_NAMES
        or os.path.splitext(lowered)[1] in _SKIPPED_SUFFIXES
    )


def relative_name(path: Path, input_dir: Path) -> str:
    """The path as shown to users and in JSON: relative to the input folder, '/' separators."""
    try:
        rel = path.relative_to(input_dir)
    except ValueError:
        try:
            rel = path.resolve().relative_to(input_dir.resolve())
        except ValueError:
            return path.as_posix()
    return rel.as_posix()


def discover(input_dir: Path) -> list[Path]:
    """Every file under `input_dir`, recursively, sorted by relative path.

    Hidden folders are not entered; symlinked folders are not followed (no loops). Files that are
    not workbooks are returned too: intake records them as `ignored`. A Maildir folder (cur/, new/,
    tmp/) is returned as one entry; .eml and .mbox files as any file (intake.mailbox reads them).
    """
    input_dir = Path(input_dir)
    found: list[tuple[str, str, Path]] = []
    for root, dirs, files in os.walk(input_dir, followlinks=False):
        if {"cur", "new", "tmp"} <= set(dirs):  # a Maildir: one entry, its messages read by intake.mailbox
            rel = relative_name(Path(root), input_dir)
            found.append((rel.casefold(), rel, Path(root)))
            dirs[:] = []
            continue
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if is_skipped(name):
                continue
            path = Path(root) / name
            if not path.is_file():  # broken symlink, socket…
                continue
            rel = relative_name(path, input_dir)
            found.append((rel.casefold(), rel, path))
    found.sort()
    return [p for _, _, p in found]
