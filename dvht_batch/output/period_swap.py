"""A period's outputs replaced as a whole, the ledger as the commit point, and what killed runs leave behind.

A run writes its outputs into a hidden staging folder `OUT/.staging-<period>-<run id>/`. Then:

1. `PeriodSwap.begin`: a journal `OUT/.swap-<period>-<run id>.json` is written (what the earlier run
   wrote, by hash), and `OUT/<period>/` is renamed `OUT/.old-<period>-<run id>/`. A rename that fails
   (a file open in Excel on Windows blocks renaming its folder) changes nothing: the run stops there.
2. The ledger commits the run (`ledger.runs.record_run`): **the commit point**. Runs without a ledger
   commit with step 3's rename.
3. `PeriodSwap.complete`: the staging folder becomes `OUT/<period>/`, the earlier folder is settled
   into it (`output.settle`: the office's own files carried over, the clerk's edited or added files
   set aside in `da_sua_tay/`, the earlier run's untouched outputs deleted), then the journal goes.

A run killed anywhere is settled by the next command of any kind (`recover`, under the output lock):
if the ledger has the run, steps 3 are finished; if not, `OUT/<period>/` is put back as it was and the
staging folder removed. Either way the folder ends on the last committed run and nothing of the
office's is lost; OUT/<period>/ never shows a run the ledger does not have.

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
from typing import Callable

from dvht_batch.errors import OutputLockedError
from dvht_batch.messages import render
from dvht_batch.system.os_faults import fault_from_os_error
from dvht_batch.output.settle import TEMP_FILE as _TEMP_FILE
from dvht_batch.output.settle import SET_ASIDE_DIR, Settling, SettleResult
from dvht_batch.writers.atomic import locked_message, replace_retrying

STAGING_PREFIX, OLD_PREFIX, JOURNAL_PREFIX = ".staging-", ".old-", ".swap-"
RESULT_JSON = "ket_qua.json"  # the file whose run id tells which run a period folder holds
ARCHIVE_DIR = "luu_tru"       # archive.ARCHIVE_DIR: the archive of inputs, with its own temporary names
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
    entry of a period folder is a run output (replaced) rather than the office's (carried over)."""

    out_root: Path
    period: str
    run_id: str
    ours: Callable[[str], bool]
    with_ledger: bool = True
    begun: bool = False
    settled: SettleResult = field(default_factory=SettleResult)

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

    def begin(self, previous: dict[str, str] | None, written: dict[str, str], written_before: float | None = None) -> None:
        """Before the commit: the journal, then OUT/<period>/ out of the way. On failure nothing has changed
        (OutputLockedError when a file open in another program blocks it). `previous`: what the earlier run
        wrote (relative path → sha256, None when unknown), `written`: what this run wrote; `written_before`:
        when `previous` is unknown, the time by which the earlier run had written everything (a later file
        is the clerk's), if known."""
        _write_journal(self.journal, {"period": self.period, "run_id": self.run_id, "ledger": self.with_ledger,
                                      "previous": previous, "written": sorted(written),
                                      "written_before": written_before})
        try:
            if os.path.lexists(self.final):
                _rename_folder(self.final, self.old)
        except BaseException:
            self.roll_back()  # the earlier folder back if it had moved; the journal goes once nothing is out of place
            raise
        self.begun = True

    def complete(self, tell_first: bool = False) -> SettleResult:
        """After the commit: the new folder in place and the earlier one settled into it (what was set aside).
        Anything left undone (a file that cannot be moved) stays in the journal for the next command. With
        `tell_first`, the journal of a swap that set the clerk's files aside stays until the clerk has been told
        of them (`told`): a run killed before it said so leaves them to the next command to name."""
        if self.staging.is_dir():
            self._take_in_made_meanwhile(self.staging)
        if self.staging.is_dir() and not os.path.lexists(self.final):
            _rename_folder(self.staging, self.final)
        if self.staging.is_dir():  # something else took the name OUT/<period>/ meanwhile: nothing is touched
            self.settled = SettleResult(done=False)
            return self.settled
        self.settled = self._settling().run()
        if self.settled.done and not (tell_first and self.settled.set_aside):
            _remove_file(self.journal)
        return self.settled

    def told(self) -> None:
        """The clerk has been told of the files set aside (`complete(tell_first=True)`): the journal goes."""
        if self.begun and self.settled.done:
            _remove_file(self.journal)

    def roll_back(self) -> SettleResult:
        """Before the commit: OUT/<period>/ as it was, the staging folder gone (and what was set aside)."""
        if os.path.lexists(self.old):
            self._take_in_made_meanwhile(self.old)
        if os.path.lexists(self.old) and not os.path.lexists(self.final):
            os.rename(self.old, self.final)
        _remove_tree(self.staging)
        if not os.path.lexists(self.old):  # else something took the name meanwhile: kept for a person to see
            _remove_file(self.journal)
        return SettleResult(set_aside=self._settling().kept() if os.path.isdir(self.final) else [])

    def _take_in_made_meanwhile(self, folder: Path) -> None:
        """A folder made at OUT/<period>/ while the swap had it away (the clerk saving a file into the missing
        folder) goes whole into `folder`'s da_sua_tay/<run id>/ before `folder` takes the name: one rename, so
        nothing of it is hidden or lost; it is named with the clerk's other files set aside (`Settling.kept`)."""
        if not (self.final.is_dir() and not self.final.is_symlink()) or run_id_of(self.final) == self.run_id:
            return
        aside = folder / SET_ASIDE_DIR / self.run_id
        if os.path.lexists(aside):  # cannot happen: this run's da_sua_tay/ is made only once the folder is in
            return
        aside.parent.mkdir(parents=True, exist_ok=True)
        os.rename(self.final, aside)

    def settle(self, committed: bool) -> SettleResult:
        """Finish (committed) or roll back (not committed) a swap that `begin` started."""
        return self.complete() if committed else self.roll_back()

    def abandon(self) -> None:
        """The run failed before the swap: its staging folder goes."""
        _remove_tree(self.staging)

    def _settling(self) -> Settling:
        journal = _read_journal(self.journal) or {}
        previous, before = journal.get("previous"), journal.get("written_before")
        return Settling(self.old, self.final, self.run_id, self.ours,
                        previous if isinstance(previous, dict) else None,
                        frozenset(journal.get("written") or ()), before if isinstance(before, (int, float)) else None)


def _write_journal(path: Path, data: dict) -> None:
    from dvht_batch.writers.atomic import atomic_write

    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
            f.flush()
            os.fsync(f.fileno())

    atomic_write(path, write)


def _read_journal(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


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
            raise OutputLockedError(render("period-folder-in-use", folder=src)) from None
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


@dataclass(frozen=True)
class Recovered:
    """A swap a killed run left half done, settled: `finished` (the ledger had the run: its folder put in
    place) or put back (the earlier folder as it was); what settling it set aside, whether it is all done."""

    swap: PeriodSwap
    finished: bool
    settled: SettleResult


def recover(out_root: Path, ours: Callable[[str], bool], ledger_has: Callable[[str], bool]) -> list[Recovered]:
    """Finish or roll back the swaps killed runs left half done (journal files); what each settled.

    `ledger_has(run_id)`: whether the ledger committed that run (runs without a ledger: whether
    OUT/<period>/ holds it). A journal that cannot be read is left with its folders, untouched."""
    settled = []
    for journal in sorted(Path(out_root).glob(f"{JOURNAL_PREFIX}*.json")):
        data = _read_journal(journal)
        if data is None or not isinstance(data.get("period"), str) or not isinstance(data.get("run_id"), str):
            continue
        swap = PeriodSwap(Path(out_root), data["period"], data["run_id"], ours, bool(data.get("ledger", True)))
        committed = is_committed(swap, ledger_has)
        settled.append(Recovered(swap, committed, swap.settle(committed)))
    return settled


def is_committed(swap: PeriodSwap, ledger_has: Callable[[str], bool]) -> bool:
    """The ledger has the run, or OUT/<period>/ already holds it (the folder takes a run only after its commit)."""
    return run_id_of(swap.final) == swap.run_id or (swap.with_ledger and ledger_has(swap.run_id))


def remove_leftovers(out_root: Path) -> list[Path]:
    """Remove what killed runs left in OUT/ (only our own kinds of file): staging and old folders
    without a journal, temporary files of atomic writes and of the archive. Returns what went."""
    out_root = Path(out_root)
    removed: list[Path] = []
    if not out_root.is_dir():
        return removed
    pending = {p.name[len(JOURNAL_PREFIX):-len(".json")] for p in out_root.glob(f"{JOURNAL_PREFIX}*.json")}
    for entry in out_root.iterdir():
        if entry.is_dir() and entry.name.startswith((STAGING_PREFIX, OLD_PREFIX)):
            if entry.name.split("-", 1)[1] in pending:  # a swap not settled: kept for the next command
                continue
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


__all__ = ["PeriodSwap", "Recovered", "new_run_id", "run_id_of", "recover", "is_committed", "remove_leftovers"]
