"""Find the input files under INPUT_DIR (subfolders too), and the subfolders that cannot be read."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from dvht_batch.system.os_faults import fault_from_os_error, os_reason, printable

# Files no department sends on purpose: Explorer/Finder droppings and the tool's own config.
_SKIPPED_NAMES = {"thumbs.db", "desktop.ini", "ehthumbs.db"}
_SKIPPED_SUFFIXES = {".toml"}


def is_office_lock(name: str) -> bool:
    """`~$Name.xlsx`: the owner file Excel or Word keeps beside a document while it is open."""
    return name.startswith("~$")


def is_system_file(name: str) -> bool:
    """Hidden dot-files, Thumbs.db/desktop.ini and the agency's own *.toml files: never a department's
    submission, so not listed among the files of a run (docs/hop-dong.md §5)."""
    lowered = name.casefold()
    return name.startswith(".") or lowered in _SKIPPED_NAMES or os.path.splitext(lowered)[1] in _SKIPPED_SUFFIXES


def is_skipped(name: str) -> bool:
    """Not a submission at all: an Office lock file or a system file (uploads of these are refused)."""
    return is_office_lock(name) or is_system_file(name)


def relative_name(path: Path, input_dir: Path) -> str:
    """The path as shown to users and in JSON: relative to the input folder, '/' separators,
    bytes of a name that are not UTF-8 escaped (`os_faults.printable`)."""
    try:
        rel = path.relative_to(input_dir)
    except ValueError:
        try:
            rel = path.resolve().relative_to(input_dir.resolve())
        except ValueError:
            return printable(path.as_posix())
    return printable(rel.as_posix())


@dataclass
class Unreadable:
    """A subfolder of the input folder that could not be listed."""

    path: Path    # on disk
    name: str     # relative, as shown (relative_name)
    reason: str   # why, in Vietnamese


@dataclass
class Found:
    paths: list[Path] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)


def discover(input_dir: Path) -> list[Path]:
    """Every file under `input_dir`, recursively, sorted by relative path (see `find_inputs`)."""
    return find_inputs(input_dir).paths


def find_inputs(input_dir: Path) -> Found:
    """Every file under `input_dir`, recursively, sorted by relative path; and the unreadable subfolders.

    Hidden folders are not entered; symlinked folders are not followed (no loops). Files that are
    not workbooks are returned too: intake records them as `ignored`. A Maildir folder (cur/, new/,
    tmp/) is returned as one entry; .eml and .mbox files as any file (intake.mailbox reads them).
    A subfolder that cannot be listed is returned in `unreadable` (the run goes on without it); the
    input folder itself unreadable is an EnvironmentFault.
    """
    input_dir = Path(input_dir)
    found: list[tuple[str, str, Path]] = []
    unreadable: list[Unreadable] = []

    def refused(exc: OSError) -> None:
        folder = Path(exc.filename) if exc.filename is not None else input_dir
        if folder == input_dir:
            raise fault_from_os_error(exc, input_dir, action="đọc")
        unreadable.append(Unreadable(folder, relative_name(folder, input_dir), os_reason(exc)))

    for root, dirs, files in os.walk(input_dir, followlinks=False, onerror=refused):
        if {"cur", "new", "tmp"} <= set(dirs):  # a Maildir: one entry, its messages read by intake.mailbox
            rel = relative_name(Path(root), input_dir)
            found.append((rel.casefold(), rel, Path(root)))
            dirs[:] = []
            continue
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if is_system_file(name):  # lock files are listed: intake records them as ignored, with why
                continue
            path = Path(root) / name
            try:
                if not path.is_file():  # broken symlink, socket…
                    continue
            except OSError:  # cannot even look at it: intake reports why
                pass
            rel = relative_name(path, input_dir)
            found.append((rel.casefold(), rel, path))
    found.sort()
    unreadable.sort(key=lambda u: u.name.casefold())
    return Found([p for _, _, p in found], unreadable)
