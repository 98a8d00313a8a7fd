"""`dvht ke-hoach` and the web app's KẾ HOẠCH page as one library call: `make_plan`.

The plan file (ke_hoach.toml: `plan.file`) is found and read, then the KẾ HOẠCH is written under
OUT/<year>/ (a multi-year plan: OUT/<first>-<last>/) holding the output folder's lock, since OUT/<year>/ is
also the folder of the year's run (which carries the plan over: it is not a run output).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dvht_batch.errors import ConfigError
from dvht_batch.messages import render
from dvht_batch.output.lock import output_lock
from dvht_batch.plan.file import find_plan_file, load_plan


@dataclass(frozen=True)
class PlanOutcome:
    written: list[Path]        # the .docx, then its PDF when asked
    content: Path | None       # the plan file used (None: the default contents)
    last_year: int | None = None  # the plan's last year (the law it applies must be in force then: cli/ke_hoach.py)
    checks: list[str] = field(default_factory=list)  # what the office checks before signing (also in the .txt)


def make_plan(config, rule_set, out_root: Path, *, today: date, year: int | None = None,
              plan_path: Path | None = None, pdf: bool = False, wait_seconds: float = 5.0,
              command: str = "ke-hoach") -> PlanOutcome:
    """The KẾ HOẠCH of `year` (else of the plan file's period). `plan_path`: --ke-hoach (it must exist);
    None: ke_hoach.toml beside dvht.toml when there is one. `today`: the day it is written, from the
    caller's clock. ConfigError for a plan file or a period that cannot be used."""
    from dvht_batch.writers.docx import convert_to_pdf, write_plan
    from dvht_batch.writers.run_checklist import write_plain_checklist

    found = find_plan_file(plan_path, config)
    plan = load_plan(found, config, today) if found else None
    first = year if year is not None else getattr(plan, "first_year", None)
    last = year if year is not None else getattr(plan, "last_year", None)
    if first is None or last is None:
        raise ConfigError(render("plan-no-year"))
    label = str(first) if first == last else f"{first}-{last}"
    out_root = Path(out_root)
    with output_lock(out_root, command, wait_seconds=wait_seconds):  # taking it settles a killed run's swap
        folder = out_root / label
        folder.mkdir(parents=True, exist_ok=True)
        checks: list[str] = []  # a date after the year began, the highlighted places (ke_hoach_<năm>_kiem_tra.txt)
        written = [write_plan(config, rule_set, year, folder / f"ke_hoach_{label}.docx", plan=plan, today=today,
                              checks=checks)]
        write_plain_checklist(folder / f"ke_hoach_{label}_kiem_tra.txt", f"KẾ HOẠCH {label} — {config.unit_name}",
                              checks)
        if pdf:
            written += convert_to_pdf(written, folder)
    return PlanOutcome(written, found, last, checks)
