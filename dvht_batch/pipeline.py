"""The `dvht run` job as a library: input folder → RunResult → files under OUTPUT_DIR/<period>/.

`run_period` is the one function `dvht run`, `dvht ho-so` and the web app's "Tổng hợp" call: it reads
the configuration, holds the output folder's lock from reading to the swap, reads and scores
(`collect`), then writes (`write_outputs`). No click, no printing: callers pass a clock (read once, the
run's time) and a `RunProgress`; they turn DvhtError into exit codes or pages.
"""
from __future__ import annotations

import gc
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Callable

from dvht_batch.assess import aggregate
from dvht_batch.setup.config import Config, find_config, load_config
from dvht_batch.assess.created_dates import check_created_dates
from dvht_batch.errors import ConfigError, DvhtError
from dvht_batch.messages import render
from dvht_batch.models import RunResult
from dvht_batch.system.os_faults import printable
from dvht_batch.period import Period
from dvht_batch.rules import RuleSet, load_rule_set
from dvht_batch.rules.articles import for_tier
from dvht_batch.output.lock import output_lock
from dvht_batch.period_outputs import Outputs, write_outputs

Clock = Callable[[], datetime]  # the edges pass `datetime.now`; tests a fixed time


@dataclass(frozen=True)
class RunRequest:
    """One `dvht run` / `dvht ho-so` / "Tổng hợp", as its caller parsed it."""

    input_dir: Path
    out_root: Path
    config_path: Path | None = None   # None: INPUT_DIR/dvht.toml, then ./dvht.toml
    period: Period | None = None      # None: the period the files give
    documents: bool = True
    pdf: bool = False
    command: str = "run"              # who holds the output folder, for another command's message
    wait_seconds: float = 5.0         # how long to wait for another command holding the folder
    process_ends: bool = False        # the process ends after the run (the CLI): see `run_period`
    year_required: bool = False       # `dvht ho-so`: a folder without any file of the year is refused


class RunProgress:
    """What a run tells its caller as it goes; this base says nothing. The CLI's bar and the web job override it."""

    def locked(self) -> None:
        """The output folder is this run's (the lock is taken)."""

    def reading(self, total: int) -> None:
        """`total` input files are about to be read."""

    def advance(self, n: int) -> None:
        """`n` more files read."""

    def writing(self) -> None:
        """Reading is over; the outputs are being written."""


@dataclass(frozen=True)
class RunOutcome:
    result: RunResult
    outputs: Outputs


def run_period(request: RunRequest, *, clock: Clock, progress: RunProgress = RunProgress()) -> RunOutcome:
    """The whole run: configuration, then, holding the output folder's lock, reading, scoring and writing.

    ConfigError / RuleSetError for bad setup (before the lock), OutputBusyError when another command holds
    the folder, other DvhtError for faults while writing. `clock` is read once: the run's time (documents,
    ket_qua.json, the ledger, the run identifier, "Ngày lập" judged against its day).
    """
    now = clock()
    config, rule_set = load_setup(request.config_path, request.input_dir, today=now.date())
    out_root = Path(request.out_root)
    with output_lock(out_root, request.command, wait_seconds=request.wait_seconds):
        progress.locked()
        result = collect(request.input_dir, config, rule_set, request.period, now=now, progress=progress.advance,
                         on_total=progress.reading, out_root=out_root)
        if request.year_required:  # said, no dossier of an empty year written
            aggregate.require_year(result.files, result.period.year, request.input_dir)
        if request.process_ends:
            # The records live until the process ends: the cyclic collector need not walk them again (≈ 0.3 s
            # of CPU on 40,000 members); it still collects what the writers allocate.
            gc.freeze()
        progress.writing()
        outputs = write_outputs(result, out_root, documents=request.documents, pdf=request.pdf)
    return RunOutcome(result, outputs)


def load_setup(config_path: Path | None, input_dir: Path | None,
               need_departments: bool = True, today: date | None = None) -> tuple[Config, RuleSet]:
    """Find and load dvht.toml and its rule set; ConfigError / RuleSetError (exit 2) otherwise.

    Only the KẾ HOẠCH (`need_departments=False`) is written for an agency without departments. `today`:
    the day of the run, against which the configuration's dates are judged (None: only their lower bound).
    """
    config = load_config(find_config(config_path, input_dir), today)
    if need_departments and not config.departments:
        raise ConfigError(render("config-no-department", path=config.path))
    base = config.path.parent if config.path else None
    return config, for_tier(load_rule_set(config.rule_set, base), config.tier)


def collect(input_dir: Path, config: Config, rule_set: RuleSet, period: Period | None = None, *, now: datetime,
            progress: Callable[[int], None] | None = None,
            on_total: Callable[[int], None] | None = None, out_root: Path | None = None) -> RunResult:
    """Read, validate, select and score. Raises ConfigError when the period cannot be inferred.

    Files under `out_root` (our own outputs, when the output folder sits inside the input folder)
    are not read back as input. `now`: the run's time (the result's `generated_at`); "Ngày lập" is
    judged against its day.
    """
    from dvht_batch.intake import read_all
    from dvht_batch.intake.discover import find_inputs
    from dvht_batch.intake.unreadable import unreadable_folders

    if not input_dir.is_dir():
        raise ConfigError(render("input-folder-not-found", folder=input_dir))
    found = find_inputs(input_dir, out_root)
    paths = found.paths
    if out_root is not None:
        skip = out_root.resolve()
        paths = [p for p in paths if not p.resolve().is_relative_to(skip)]
    if on_total:
        on_total(len(paths))
    records = read_all(paths, input_dir, config, rule_set, progress=(lambda: progress(1)) if progress else None)
    records += unreadable_folders(found.unreadable, config)
    if period is None:
        period = aggregate.infer_period(records)
        if period is None:
            found = aggregate.periods_found(records)
            if found:
                listed = ", ".join(p.workbook_form() for p in found)
                raise ConfigError(render("several-periods", periods=listed, last=found[-1]))
            raise ConfigError(render("no-period-found", folder=input_dir))
    aggregate.check_period(records, period)
    check_created_dates(records, period, now.date())  # before newest-wins, which trusts the dates
    aggregate.settle_statuses(records)
    # the folder as text (ledger, documents): a name that is not UTF-8 shown escaped, never used to reach the disk
    return aggregate.build_result(records, config, rule_set, period, Path(printable(input_dir)), generated_at=now)


__all__ = ["run_period", "RunRequest", "RunProgress", "RunOutcome", "Clock", "collect", "load_setup", "DvhtError"]
