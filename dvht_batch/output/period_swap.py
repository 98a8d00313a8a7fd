"""A period's outputs replaced as a whole, and what killed runs leave behind removed.

A run writes its outputs into a hidden staging folder `OUT/.staging-<period>-<run id>/`, then swaps it
in for `OUT/<period>/`: the old folder is renamed to `OUT/.old-<period>-<run id>/`, the staging folder
to `OUT/<period>/`. Nothing an earlier run wrote survives (Word reports, PDFs, feedback included);
entries of `OUT/<period>/` that no run writes (a `ke_hoach_<year>.docx` from `dvht ke-hoach`, a file
the clerk put there) are carried over into the new folder.

The swap runs inside the ledger's transaction (see `pipeline.write_outputs`): a swap that fails
(a file open in Excel on Windows blocks renaming its folder) rolls the ledger back, and a ledger
commit that fails undoes the swap. A journal `OUT/.swap-<period>-<run id>.json`, written before the
swap and removed after, lets the next command finish or roll back a swap that a killed run left
half done (`recover`): committed means the ledger has the run (or, for runs without a ledger, that
`OUT/<period>/ket_qua.json` carries the run id).

Every function here runs while the output folder's lock (`run_lock.output_lock`) is held.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable

from dvht_batch.errors import DvhtError, OutputLockedError
from dvht_batch.system.os_faults import fault_from_os_error
from dvht_batch.writers.atomic import locked_message, replace_retrying

STAGING_PREFIX, OLD_PREFIX, JOURNAL_PREFIX = ".staging-", ".old-", ".swap-"
RESULT_JSON = "ket_qua.json"  # the file whose run id tells which run a period folder holds
ARCHIVE_DIR = "luu_tru"       # archive.ARCHIVE_DIR: the archive of inputs, with its own temporary names
# atomic_write's temporary files ('.<stem>.<8 hex>.tmp<suffix>') and the archive's ('.tmp-<random>')
_TEMP_FILE = re.compile(r"^\..+\.[0-9a-f]{8}\.tmp(\.[A-Za-z0-9]{1,5})?$")
_ARCHIVE_TEMP = re.compile(r"^\.tmp-[A-Za-z0-9_]+$")
_LOCK_TEMP = re.compile(r"^\.dvht\.lock\.json\.\d+\.tmp$")


def new_run_id(at: datetime) -> str:
    """A run identifier a person can read: the run's local time `at` and 8 random hex digits."""
    return f"{at:%Y%m%d-%H%M%S}-{secrets.token_hex(4)}"


def run_id_of(folder: Path) -> str | None:
    """The run id recorded in `folder/ket_qua.json` (None when absent or unreadable)."""
    try:
        value = json.loads((folder / RESULT_JSON).read_text(encoding="utf-8")).get("run_id")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


@dataclass
class PeriodSwap:
    """Replacing OUT/<period>/ by the folder a run built beside it. `ours(name)`: whether a top-level
    entry of a period folder is a run output (replaced) rather than something to carry over."""

    out_root: Path
    period: str
    run_id: str
    ours: Callable[[str], bool]
    with_ledger: bool = True
    carried: list[str] = field(default_factory=list)
    applied: bool = False

    @property
    def final(self) -> Path:
        return self.out_root / self.period

    @property
    def staging(self) -> Path:
        return self.out_root / f"{STAGING_PREFIX}{self.period}-{self.run_id}"

    @property
    def old(self) -> Path:
        return self.out_root / f"{OLD_PREFIX}{self.period}-{self.run_id}"

    @property
    def journal(self) -> Path:
        return self.out_root / f"{JOURNAL_PREFIX}{self.period}-{self.run_id}.json"

    def prepare(self) -> Path:
        """An empty staging folder for the run's outputs."""
        try:
            self.staging.mkdir(parents=True)
        except OSError as exc:
            raise fault_from_os_error(exc, self.staging) from None
        return self.staging

    def apply(self) -> None:
        """Swap the staging folder in. On failure nothing has changed and OutputLockedError is raised."""
        _write_journal(self.journal, {"period": self.period, "run_id": self.run_id,
                                      "had_folder": self.final.is_dir(), "ledger": self.with_ledger})
        try:
            self.carried = _carry(self.final, self.staging, self.ours)
            if self.final.exists():
                _rename_folder(self.final, self.old)
            try:
                _rename_folder(self.staging, self.final)
            except DvhtError:
                if self.old.exists():
                    replace_retrying(self.old, self.final)
                raise
        except BaseException:
            _carry_back(self.staging, self.final, self.carried)
            _remove_file(self.journal)
            raise
        self.applied = True

    def undo(self) -> None:
        """Put the earlier folder back after `apply` (the ledger could not commit)."""
        try:
            replace_retrying(self.final, self.staging)
            if self.old.exists():
                replace_retrying(self.old, self.final)
            _carry_back(self.staging, self.final, self.carried)
        except OSError:
            return  # the journal stays: the next command rolls back
        _remove_file(self.journal)
        self.applied = False

    def finish(self) -> None:
        """After the commit: the earlier folder and the journal go."""
        _remove_tree(self.old)
        _remove_file(self.journal)

    def abandon(self) -> None:
        """The run failed before the swap: its staging folder goes."""
        _remove_tree(self.staging)


def _write_journal(path: Path, data: dict) -> None:
    from dvht_batch.writers.atomic import atomic_write

    atomic_write(path, lambda tmp: Path(tmp).write_text(json.dumps(data), encoding="utf-8"))


def _carry(src: Path, dst: Path, ours: Callable[[str], bool]) -> list[str]:
    """Move the entries of `src` that no run writes into `dst`; their names. All or nothing."""
    if not src.is_dir():
        return []
    names = sorted(p.name for p in src.iterdir() if not ours(p.name) and not _TEMP_FILE.match(p.name))
    moved: list[str] = []
    try:
        for name in names:
            if (dst / name).exists():
                continue  # cannot happen for a name no run writes; never overwrite
            _rename_folder(src / name, dst / name) if (src / name).is_dir() else _rename_file(src / name, dst / name)
            moved.append(name)
    except DvhtError:
        _carry_back(dst, src, moved)
        raise
    return moved


def _carry_back(src: Path, dst: Path, names: Iterable[str]) -> None:
    for name in names:
        if (src / name).exists() and not (dst / name).exists():
            try:
                os.replace(src / name, dst / name)
            except OSError:
                pass


def _rename_file(src: Path, dst: Path) -> None:
    try:
        replace_retrying(src, dst)
    except OSError as exc:
        if sys.platform == "win32" and isinstance(exc, PermissionError):  # open in another program
            raise OutputLockedError(locked_message(src)) from None
        raise fault_from_os_error(exc, src) from None


def _rename_folder(src: Path, dst: Path) -> None:
    """Rename a folder; on Windows an open file inside blocks it: the message names that file."""
    try:
        replace_retrying(src, dst)
    except OSError as exc:
        held = _open_file_in(src)
        if held is not None:
            raise OutputLockedError(locked_message(held)) from None
        if sys.platform == "win32" and isinstance(exc, PermissionError):
            raise OutputLockedError(
                f"Không thay được thư mục '{src}': một tệp trong đó đang mở (Excel, Word, trình đọc PDF) hoặc "
                "một cửa sổ khác đang dùng thư mục này. Hãy đóng tệp đó rồi chạy lại.") from None
        raise fault_from_os_error(exc, src) from None  # e.g. a folder made read-only or immutable


def _open_file_in(folder: Path) -> Path | None:
    """The first file of `folder` another program holds open for writing (Windows sharing rules)."""
    for path in sorted(folder.rglob("*")) if folder.is_dir() else [folder]:
        if path.is_file():
            try:
                with open(path, "r+b"):
                    pass
            except PermissionError:
                return path
            except OSError:
                continue
    return None


# --------------------------------------------------------------------------- after a killed run


def recover(out_root: Path, ours: Callable[[str], bool], ledger_has: Callable[[str], bool]) -> list[Path]:
    """Finish or roll back the swaps a killed run left half done (journal files); the periods touched.

    `ledger_has(run_id)`: whether the ledger committed that run.
    """
    touched = []
    for journal in sorted(Path(out_root).glob(f"{JOURNAL_PREFIX}*.json")):
        try:
            data = json.loads(journal.read_text(encoding="utf-8"))
            swap = PeriodSwap(Path(out_root), str(data["period"]), str(data["run_id"]), ours,
                              bool(data.get("ledger", True)))
        except (OSError, ValueError, KeyError, TypeError):
            _remove_file(journal)
            continue
        holds_run = run_id_of(swap.final) == swap.run_id
        committed = ledger_has(swap.run_id) if swap.with_ledger else holds_run
        if not committed:
            if swap.staging.is_dir() and swap.final.is_dir() and not holds_run:  # killed before the renames
                _carry_back(swap.staging, swap.final, [p.name for p in swap.staging.iterdir() if not ours(p.name)])
            if holds_run:
                if swap.old.is_dir():
                    _carry_back(swap.final, swap.old, [p.name for p in swap.final.iterdir() if not ours(p.name)])
                _remove_tree(swap.final)
            if swap.old.is_dir() and not swap.final.exists():
                os.replace(swap.old, swap.final)
        swap.abandon()
        swap.finish()
        touched.append(swap.final)
    return touched


def remove_leftovers(out_root: Path) -> list[Path]:
    """Remove what killed runs left in OUT/ (only our own kinds of file): staging and old folders
    without a journal, temporary files of atomic writes and of the archive. Returns what went."""
    out_root = Path(out_root)
    removed: list[Path] = []
    if not out_root.is_dir():
        return removed
    for entry in out_root.iterdir():
        if entry.is_dir() and entry.name.startswith((STAGING_PREFIX, OLD_PREFIX)):
            _remove_tree(entry)
        elif entry.is_file() and (_TEMP_FILE.match(entry.name) or _LOCK_TEMP.match(entry.name)):
            _remove_file(entry)
        elif entry.is_dir() and not entry.name.startswith("."):
            archive = entry.name == ARCHIVE_DIR
            _remove_temp_files(entry, removed, 2, _ARCHIVE_TEMP if archive else _TEMP_FILE)
            continue
        else:
            continue
        removed.append(entry)
    return removed


def _remove_temp_files(folder: Path, removed: list[Path], depth: int, pattern: re.Pattern) -> None:
    """Our temporary files in a period or year folder and its subfolders, or in the archive.

    os.scandir: the names are matched before anything is asked of the file system (a year of
    1,000-department periods and their archive is ~25,000 entries walked on every run)."""
    try:
        with os.scandir(folder) as it:
            entries = list(it)
    except OSError:
        return
    for entry in entries:
        if pattern.match(entry.name):
            if entry.is_file(follow_symlinks=False):
                _remove_file(Path(entry.path))
                removed.append(Path(entry.path))
        elif depth > 1 and entry.is_dir(follow_symlinks=False):
            _remove_temp_files(Path(entry.path), removed, depth - 1, pattern)


def _remove_tree(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)


def _remove_file(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


__all__ = ["PeriodSwap", "new_run_id", "run_id_of", "recover", "remove_leftovers"]
