"""What becomes of the earlier OUT/<period>/ once a new run is committed: nothing of the office's is lost.

The earlier folder (renamed `OUT/.old-<period>-<run id>/` by the swap) is settled into the new one,
entry by entry, each step a single rename or unlink, so that repeating the whole after a kill finishes
what was left (`output.period_swap.recover`):

- a top-level entry no run writes (`ke_hoach_2025.docx` from `dvht ke-hoach`, a note of the clerk's,
  the `da_sua_tay/` folder of earlier runs) moves into the new folder as it is;
- inside what runs write (`bao_cao_don_vi.docx`, `bao_cao_phong/`, `phan_hoi/`, `ho_so/` …), a file
  whose bytes are exactly what the earlier run wrote (its sha256 recorded in the ledger, `outputs`
  table) is deleted: the new run replaced it;
- every other file there — an output the clerk edited after the run, a file the clerk added (a signed
  scan in `ho_so/`) — is the clerk's work: it is moved to `da_sua_tay/<new run id>/<same path>` in the
  new folder and named on the console (`SettleResult.set_aside`).

When the ledger has no record of what the earlier run wrote (a folder written by an earlier version of
dvht, or runs without a ledger), a file counts as replaced when the new run writes the same path and it
was not changed after the earlier run was recorded (`written_before`, when the ledger knows that run);
anything else is set aside.
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

SET_ASIDE_DIR = "da_sua_tay"
# atomic_write's temporary files ('.<stem>.<8 hex>.tmp<suffix>'): our own, never the clerk's
TEMP_FILE = re.compile(r"^\..+\.[0-9a-f]{8}\.tmp(\.[A-Za-z0-9]{1,5})?$")
_CHUNK = 1 << 20


def file_sha256(path: Path) -> str | None:
    """The sha256 of a regular file (None for anything else, or when it cannot be read)."""
    digest = hashlib.sha256()
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):  # never opened: a FIFO would block
            return None
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(_CHUNK), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def files_under(folder: Path) -> list[Path]:
    """Every file (and link, and other non-folder) under `folder`, sorted; symbolic links are not followed."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        links = [d for d in dirs if os.path.islink(os.path.join(root, d))]
        dirs[:] = [d for d in dirs if d not in links]
        found += [Path(root, name) for name in files + links]
    return sorted(found)


def output_hashes(folder: Path) -> dict[str, str]:
    """What a run wrote into its staging folder: path relative to the folder ('/' separators) → sha256."""
    folder = Path(folder)
    hashes: dict[str, str] = {}
    for path in files_under(folder):
        digest = file_sha256(path)
        if digest is not None:
            hashes[path.relative_to(folder).as_posix()] = digest
    return hashes


@dataclass(frozen=True)
class Kept:
    """One of the clerk's files set aside: where it was (OUT/<period>/…) and where it is now."""

    original: Path
    kept: Path


@dataclass
class SettleResult:
    set_aside: list[Kept] = field(default_factory=list)   # the clerk's files
    carried: list[str] = field(default_factory=list)      # top-level entries moved over as they are
    done: bool = True                                     # False: something could not be moved (kept in .old-)


@dataclass
class Settling:
    """Settling `old` into `new` for the run `run_id`. `previous`: what the earlier run wrote (relative
    path → sha256), None when unknown; `written`: the paths the new run wrote and `written_before` (a POSIX
    time) when the earlier run had finished writing, both used when `previous` is None."""

    old: Path
    new: Path
    run_id: str
    ours: Callable[[str], bool]
    previous: dict[str, str] | None
    written: frozenset[str] = frozenset()
    written_before: float | None = None

    @property
    def aside(self) -> Path:
        return self.new / SET_ASIDE_DIR / self.run_id

    def run(self) -> SettleResult:
        """Settle what is left of the earlier folder; `set_aside` names every file kept for this run, also those
        an earlier attempt (a run killed while settling) had already moved."""
        result = SettleResult()
        if self.old.is_dir():
            for entry in sorted(self.old.iterdir(), key=lambda e: (e.name != SET_ASIDE_DIR, e.name)):
                try:
                    self._settle_entry(entry, result)
                except OSError:
                    result.done = False
            result.done = result.done and _remove_empty_tree(self.old)
        result.set_aside = self.kept()
        return result

    def kept(self) -> list[Kept]:
        """Every file set aside for this run (in da_sua_tay/<run id>/): where it was and where it is."""
        return [Kept(self.new / path.relative_to(self.aside), path) for path in files_under(self.aside)]

    def _settle_entry(self, entry: Path, result: SettleResult) -> None:
        if TEMP_FILE.match(entry.name) and entry.is_file():
            entry.unlink()
        elif entry.name == SET_ASIDE_DIR and entry.is_dir() and not entry.is_symlink():
            self._merge_kept(entry, result)   # first: this run's own da_sua_tay/<run id>/ is added to it
        elif not self.ours(entry.name):
            self._carry(entry, result)
        else:
            for path in files_under(entry) if entry.is_dir() and not entry.is_symlink() else [entry]:
                self._settle_file(path)

    def _merge_kept(self, entry: Path, result: SettleResult) -> None:
        """The earlier runs' da_sua_tay/: carried over whole, or each run's folder of it into the new one's."""
        target = self.new / SET_ASIDE_DIR
        if not os.path.lexists(target):
            os.rename(entry, target)
            result.carried.append(entry.name)
            return
        for child in sorted(entry.iterdir()):
            if os.path.lexists(target / child.name):
                self._move_aside(child, f"{SET_ASIDE_DIR}/{child.name}")
            else:
                os.rename(child, target / child.name)

    def _carry(self, entry: Path, result: SettleResult) -> None:
        target = self.new / entry.name
        if os.path.lexists(target):  # the new run wrote that name after all: keep the office's beside it
            self._move_aside(entry, entry.name)
            return
        os.rename(entry, target)
        result.carried.append(entry.name)

    def _settle_file(self, path: Path) -> None:
        rel = path.relative_to(self.old).as_posix()
        if TEMP_FILE.match(path.name) and path.is_file() and not path.is_symlink():
            path.unlink()
        elif self._written_by_the_run(path, rel):
            path.unlink()
        else:
            self._move_aside(path, rel)

    def _written_by_the_run(self, path: Path, rel: str) -> bool:
        if self.previous is None:
            try:
                info = os.lstat(path)
            except OSError:
                return False
            return (rel in self.written and stat.S_ISREG(info.st_mode)
                    and (self.written_before is None or info.st_mtime <= self.written_before))
        wanted = self.previous.get(rel)
        return wanted is not None and file_sha256(path) == wanted

    def _move_aside(self, path: Path, rel: str) -> None:
        target = _free_name(self.aside / rel)  # taken only by a folder the clerk made meanwhile (period_swap)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rename(path, target)


def _free_name(target: Path) -> Path:
    """`target`, or 'name (2).ext', 'name (3).ext' … beside it: never overwrite."""
    n, free = 1, target
    while os.path.lexists(free):
        n += 1
        free = target.with_name(f"{target.stem} ({n}){target.suffix}")
    return free


def _remove_empty_tree(folder: Path) -> bool:
    """Remove `folder` if only empty folders are left in it; whether it is gone."""
    for root, dirs, files in os.walk(folder, topdown=False):
        if files:
            return False
        for d in dirs:
            try:
                os.rmdir(os.path.join(root, d))
            except OSError:
                return False
    try:
        os.rmdir(folder)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return True


__all__ = ["SET_ASIDE_DIR", "Kept", "Settling", "SettleResult", "output_hashes", "file_sha256", "files_under"]
