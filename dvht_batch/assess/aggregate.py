"""Settle file statuses (newest wins), then aggregate per department and per unit.

`settle_statuses` sets each record's status in place (records are built by intake for this run only);
the other functions compute from their arguments without changing them.

Unit ratios are computed over all accepted members of the unit (sums of counts), never as an
average of department percentages.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

from dvht_batch.assess.created_dates import trusted_created
from dvht_batch.errors import ConfigError
from dvht_batch.intake.unreadable import is_unreadable
from dvht_batch.messages import Findings, render
from dvht_batch.models import (
    DepartmentResult, DepartmentStatus, FileKind, FileRecord, FileStatus, Member,
    PopulationCounts, RunResult, Title, UnitResult,
)
from dvht_batch.period import Period
from dvht_batch.assess.scoring import Tally, merge_tallies, score_tally, tally_members


def infer_period(records: list[FileRecord]) -> Period | None:
    """The one period all readable workbooks agree on, or None (none found, or several)."""
    periods = {r.period for r in records if r.kind is not FileKind.UNKNOWN and r.period is not None}
    return periods.pop() if len(periods) == 1 else None


def periods_found(records: list[FileRecord]) -> list[Period]:
    return sorted({r.period for r in records if r.kind is not FileKind.UNKNOWN and r.period is not None})


def require_year(records: list[FileRecord], year: int, folder) -> None:
    """ConfigError (exit 2) when no readable workbook in the input folder is for `year` (a month or the whole
    year): `dvht ho-so --nam 2024` on a folder of 2025 files says so instead of a "Chưa đạt" dossier."""
    if any(r.period is not None and r.period.year == year for r in records if r.kind is not FileKind.UNKNOWN):
        return
    found = periods_found(records)
    listed = ", ".join(p.workbook_form() for p in found) if found else render("no-valid-workbook")
    raise ConfigError(render("no-file-for-year", folder=folder, year=year, found=listed))


def check_period(records: list[FileRecord], period: Period) -> None:
    """A workbook for another period is an error on its 'Kỳ báo cáo' cell."""
    for r in records:
        if r.kind is FileKind.UNKNOWN or r.period is None or r.period == period:
            continue
        if r.sender is not None:  # a mailbox holds every month's mail: another month is not an error
            r.ignored_reason = render("ignored-other-period", period=r.period.workbook_form())
            continue
        out = Findings(r.path)
        out.report("wrong-period", "Thong_tin", r.period_cell or None, r.period.workbook_form(),
                   period=r.period.workbook_form(), wanted=period.workbook_form())
        r.findings += out.items


def _newest_key(r: FileRecord) -> tuple[date, datetime, str]:
    """"Ngày lập" (unless found implausible: created_dates), then modification time, then path."""
    return (trusted_created(r) or date.min, r.modified or datetime.min, r.path)


def _older(r: FileRecord, winner: FileRecord) -> bool:
    """A file that was not read has no "Ngày lập": it is older only when it arrived earlier."""
    if r.created is None:
        return (r.modified or datetime.min) < (winner.modified or datetime.min)
    return _newest_key(r) < _newest_key(winner)


def settle_statuses(records: list[FileRecord]) -> None:
    """accepted / rejected / superseded / ignored, per docs/hop-dong.md §5.

    Among a department's error-free files the newest (by "Ngày lập", then modification time) is
    accepted and the others superseded. A rejected file older than the accepted one is superseded
    too (the department has corrected it); a rejected file newer than the accepted one stays
    rejected, and the accepted file carries a warning that an older version is being used.
    A file or subfolder that could not be read at all is rejected (never ignored or superseded:
    nobody knows what it holds), attached to the department its name tells if any.
    """
    groups: dict[tuple[FileKind, str], list[FileRecord]] = defaultdict(list)
    for r in records:
        if r.ignored_reason or (r.kind is FileKind.UNKNOWN and not r.errors):
            r.status = FileStatus.IGNORED  # not a submission; a file that arrived but was refused is rejected
            continue
        r.status = FileStatus.REJECTED if r.errors else FileStatus.ACCEPTED
        if r.kind is FileKind.UNIT:
            groups[(r.kind, "")].append(r)
        elif r.department:
            groups[(r.kind, r.department.casefold())].append(r)
    for group in groups.values():
        valid = sorted((r for r in group if r.status is FileStatus.ACCEPTED), key=_newest_key, reverse=True)
        if not valid:
            continue
        winner = valid[0]
        for r in group:
            if r is winner:
                continue
            if is_unreadable(r):  # its content is unknown: it stays rejected, in view
                winner.findings += Findings.one(winner.path, "unreadable-file-beside", other=r.path)
            elif r.status is FileStatus.ACCEPTED or _older(r, winner):
                r.status = FileStatus.SUPERSEDED
                r.superseded_by = winner.path
            else:
                winner.findings += Findings.one(winner.path, "newer-file-rejected", other=r.path)


def _counts(members: list[Member]) -> PopulationCounts:
    counted = [m for m in members if not m.excluded]
    pending = sum(1 for m in counted if m.answers.get("danh_hieu_thi_dua") is Title.PENDING)
    return PopulationCounts(members=len(counted), excluded=len(members) - len(counted), pending_titles=pending)


def _sum_counts(parts: list[PopulationCounts]) -> PopulationCounts:
    """The counts of populations put together (the unit's from its departments')."""
    return PopulationCounts(members=sum(c.members for c in parts), excluded=sum(c.excluded for c in parts),
                            pending_titles=sum(c.pending_titles for c in parts))


def _newest(records: list[FileRecord]) -> FileRecord | None:
    return max(records, key=_newest_key, default=None)


def build_result(records: list[FileRecord], config, rule_set, period: Period, input_dir: Path,
                 generated_at: datetime) -> RunResult:
    """Departments in configuration order; every configured department appears once. `generated_at`: the
    run's time, from the clock its caller passed in."""
    by_department: dict[str, list[FileRecord]] = defaultdict(list)
    for r in records:
        if r.kind is FileKind.DEPARTMENT and r.department:
            by_department[r.department.casefold()].append(r)

    departments: list[DepartmentResult] = []
    unit_members: list[Member] = []
    tallies: list[Tally] = []  # each member is tested once: the unit's figures are its departments' put together
    for dept in config.departments:
        files = by_department.get(dept.code.casefold(), [])
        accepted = [r for r in files if r.status is FileStatus.ACCEPTED]
        if accepted:
            f = accepted[0]
            unit_members.extend(f.members)
            tallies.append(tally_members(rule_set, f.members, config.unit_kind))
            departments.append(DepartmentResult(
                code=dept.code, name=dept.name, status=DepartmentStatus.ACCEPTED, file=f, members=f.members,
                counts=_counts(f.members), collective_title=f.collective_title,
                score=score_tally(rule_set, tallies[-1], member_criteria_only=True, unit_kind=config.unit_kind),
            ))
        else:
            rejected = [r for r in files if r.status is FileStatus.REJECTED]
            status = DepartmentStatus.REJECTED if rejected else DepartmentStatus.MISSING
            departments.append(DepartmentResult(code=dept.code, name=dept.name, status=status, file=_newest(rejected)))

    unit_files = [r for r in records if r.kind is FileKind.UNIT and r.status is FileStatus.ACCEPTED]
    unit_file = unit_files[0] if unit_files else None
    collective = unit_file.collective_title if unit_file else None
    unit = UnitResult(
        code=config.unit_code, name=config.unit_name, members=unit_members,
        counts=_sum_counts([d.counts for d in departments if d.status is DepartmentStatus.ACCEPTED]),
        score=score_tally(rule_set, merge_tallies(rule_set, tallies, config.unit_kind),
                          unit_file.unit_inputs if unit_file else {}, collective, unit_kind=config.unit_kind),
        collective_title=collective, unit_file=unit_file,
    )
    return RunResult(period=period, config=config, rule_set=rule_set, input_dir=input_dir, files=records,
                     departments=departments, unit=unit, generated_at=generated_at)
