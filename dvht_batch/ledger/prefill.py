"""`dvht templates --prefill`: each department's roster from its last accepted submission.

The ledger (OUTPUT_DIR/dvht.sqlite) names the last accepted workbook of each department; its archived
copy (OUTPUT_DIR/luu_tru/…) is read again with the current configuration and rule set, and its member
rows become the template's rows, so the department only updates what changed.
"""
from __future__ import annotations

from pathlib import Path

from dvht_batch.ledger.schema import connect, ledger_path
from dvht_batch.models import FileStatus, Member
from dvht_batch.period import Period


def _chronological(period: Period) -> tuple[int, int]:
    """A year's run (done after its December) sorts after the year's months; January of a year before it."""
    if period.is_year:
        return (period.year, 13)
    return (period.year, period.month or 0)


def last_accepted(out_root: Path, before: Period | None = None) -> dict[str, Path]:
    """Department code → the archived copy of its last accepted workbook (the ledger's `files`): of each period
    only what its latest run accepted (rows an earlier version kept from older runs are ignored), latest period
    wins."""
    if not ledger_path(out_root).is_file():
        return {}
    with connect(out_root, create=False) as conn:
        rows = conn.execute(
            "SELECT department, run_period, archive FROM files WHERE status = ? AND kind = 'department' "
            "AND archive IS NOT NULL AND department IS NOT NULL "
            "AND run_id = (SELECT max(id) FROM runs WHERE runs.period = files.run_period) ORDER BY last_seen, id",
            (FileStatus.ACCEPTED.value,)).fetchall()
    found: dict[str, Path] = {}
    limit = None if before is None else _chronological(before)
    for dept, run_period, archive in sorted(rows, key=lambda r: _chronological(Period.parse(r[1]))):
        if limit is not None and _chronological(Period.parse(run_period)) >= limit:
            continue
        path = Path(out_root) / archive
        if path.is_file():
            found[dept.casefold()] = path  # later rows win
    return found


def last_rosters(out_root: Path, config, rule_set, period: Period | None = None) -> dict[str, list[Member]]:
    """Department code (as configured) → members of its last accepted workbook before `period`."""
    from dvht_batch.intake import read_file

    archived = last_accepted(out_root, before=period)
    rosters: dict[str, list[Member]] = {}
    for dept in config.departments:
        path = archived.get(dept.code.casefold())
        if path is None:
            continue
        record = read_file(path, path.parent, config, rule_set)
        if record.members:
            rosters[dept.code] = record.members
    return rosters
