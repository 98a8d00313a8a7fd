"""Recording runs in the ledger `OUTPUT_DIR/dvht.sqlite` and reading them back (trends, the lich-su table,
prefill, the IMAP UIDs). The tables, their versions, `connect` and `transaction` are `ledger.schema`'s (re-exported
here for the callers of earlier releases); this module reads and writes:

- `files`: every input file of the latest run of each period (hash, path, name, size, e-mail sender
  and date, department, period, status, errors; `first_seen` survives re-runs). A re-run of a period
  replaces its rows, so a file removed from the input folder is no longer listed; other periods' stay.
- `runs`, `departments`, `results`: each period's results per department ("" = the whole unit) and
  criterion (points, count, denominator, ratio). Re-running a period replaces them (idempotent).
  `runs.run_key` is the run identifier also written in `ket_qua.json` and the documents' properties.
- `outputs`: what the latest run of each period wrote into OUT/<period>/ (path, sha256), so that the next
  run tells the clerk's edits and additions from its own files (`output.settle`). Replaced per period.
- `imap_seen`: the UIDs already fetched by `dvht nhan-thu`.

The inputs a run used are archived first (`dvht_batch.ledger.archive`, `luu_tru/`). Every write is one
transaction started with BEGIN IMMEDIATE under a busy timeout: concurrent runs wait for each other, and a
run that waits too long gets `LedgerLockedError`.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from dvht_batch.ledger.archive import archive_inputs
from dvht_batch.models import NO_RUN, FileStatus, PeriodFigures, RunContext, RunResult, Trends
from dvht_batch.period import Period
from dvht_batch.ledger.schema import LedgerError, LedgerLockedError, connect, ledger_path, transaction

UNIT = ""                      # the `department` of unit-wide rows
TOTAL = "Tổng"                 # `criterion` of the unit's total in `history_table`

# --------------------------------------------------------------------------- recording a run


def _text(value) -> str | None:
    return None if value is None else str(value)


def _iso(value) -> str | None:
    return value.isoformat(sep=" ", timespec="seconds") if value else None


def record_run(result: RunResult, out_root: Path, run: RunContext = NO_RUN,
               archived: dict[int, str | None] | None = None, outputs: dict[str, str] | None = None) -> Path:
    """Archive the inputs (unless `archived` by `archive_inputs` already: archive names by id(record)), then
    store the run in one transaction; re-running a period replaces it. `outputs`: what the run wrote into
    OUT/<period>/ (relative path → sha256). The COMMIT is the run's commit point (`output.period_swap`): the
    period's folder shows the run only after it. Returns the ledger path."""
    out_root = Path(out_root)
    if archived is None:
        archived = archive_inputs(result, out_root).names
    path = ledger_path(out_root)
    with connect(out_root) as conn, transaction(conn, path):
        _store(conn, result, run.run_id, archived)
        _store_outputs(conn, str(result.period), run.run_id or "", outputs or {})
    return path


def _store_outputs(conn: sqlite3.Connection, period: str, run_key: str, outputs: dict[str, str]) -> None:
    conn.execute("DELETE FROM outputs WHERE period = ?", (period,))
    conn.executemany("INSERT INTO outputs(period, path, sha256, run_key) VALUES (?, ?, ?, ?)",
                     [(period, rel, sha, run_key) for rel, sha in outputs.items()])


def outputs_of(out_root: Path, period: str, run_key: str | None) -> dict[str, str] | None:
    """What the run `run_key` wrote into OUT/<period>/ (relative path → sha256), if it is the period's
    latest run in the ledger and its outputs are recorded; None otherwise (unknown)."""
    if run_key is None or not ledger_path(out_root).is_file():
        return None
    with connect(out_root) as conn:
        latest = conn.execute("SELECT run_key FROM runs WHERE period = ? ORDER BY id DESC LIMIT 1", (period,)).fetchone()
        if latest is None or latest[0] != run_key:
            return None
        rows = conn.execute("SELECT path, sha256 FROM outputs WHERE period = ? AND run_key = ?",
                            (period, run_key)).fetchall()
    return dict(rows) or None


def _store(conn: sqlite3.Connection, result: RunResult, run_key: str | None, archived: dict[int, str | None]) -> None:
    period, now = str(result.period), _iso(result.generated_at)  # the run's time, never the clock read here
    first_seen = dict(((sha, p), seen) for sha, p, seen in conn.execute(
        "SELECT sha256, path, first_seen FROM files WHERE run_period = ?", (period,)))
    for table, column in (("results", "period"), ("departments", "period"), ("files", "run_period")):
        conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (period,))
    unit = result.unit
    run_id = conn.execute(
        "INSERT INTO runs(period, run_at, rule_set, unit_code, input_dir, members, total, classification, run_key) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (period, now, getattr(result.rule_set, "id", None), unit.code, str(result.input_dir), unit.counts.members,
         _text(unit.score.total), unit.score.classification, run_key)).lastrowid
    rows = [(UNIT, unit.score)] + [(d.code, d.score) for d in result.departments if d.score is not None]
    for dept, score in rows:
        conn.executemany(
            "INSERT INTO results(period, department, criterion, text, points, max_points, count, denominator, "
            "ratio, passed, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(period, dept, c.code, c.text, _text(c.points), _text(c.max_points), c.count, c.denominator,
              _text(c.ratio), None if c.passed is None else int(c.passed), run_id) for c in score.criteria])
    conn.executemany(
        "INSERT INTO departments(period, department, name, status, members, excluded, file_path, file_sha256, "
        "run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(period, d.code, d.name, d.status.value, d.counts.members if d.score else None,
          d.counts.excluded if d.score else None, d.file.path if d.file else None,
          d.file.sha256 if d.file else None, run_id) for d in result.departments]
        + [(period, UNIT, unit.name, "unit", unit.counts.members, unit.counts.excluded, None, None, run_id)])
    for r in result.files:
        conn.execute(
            "INSERT INTO files(run_period, sha256, path, name, size, sender, sent_at, modified, kind, department, "
            "period, status, error_count, errors, archive, first_seen, last_seen, run_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(run_period, sha256, path) DO UPDATE SET status = excluded.status, "
            "error_count = excluded.error_count, errors = excluded.errors, kind = excluded.kind, "
            "department = excluded.department, period = excluded.period, sender = excluded.sender, "
            "sent_at = excluded.sent_at, modified = excluded.modified, "
            "archive = COALESCE(excluded.archive, files.archive), last_seen = excluded.last_seen, "
            "run_id = excluded.run_id",
            (period, r.sha256 or "", r.path, r.path.rsplit("#", 1)[-1].rsplit("/", 1)[-1], r.size, r.sender,
             _iso(r.modified) if r.sender is not None else None, _iso(r.modified), r.kind.value, r.department,
             str(r.period) if r.period else None, r.status.value, len(r.errors),
             json.dumps([{"cell": f.location, "message": f.message} for f in r.errors], ensure_ascii=False),
             archived.get(id(r)), first_seen.get((r.sha256 or "", r.path), now), now, run_id))


def run_time(out_root: Path, run_key: str | None) -> datetime | None:
    """When the run `run_key` was recorded (`runs.run_at`), None when the ledger does not have it. Runs of earlier
    versions, whose outputs are not in `outputs`, were recorded after they had written every output."""
    if run_key is None or not ledger_path(out_root).is_file():
        return None
    with connect(out_root) as conn:
        row = conn.execute("SELECT run_at FROM runs WHERE run_key = ?", (run_key,)).fetchone()
    try:
        return datetime.fromisoformat(row[0]) if row else None
    except (TypeError, ValueError):
        return None


def has_run(out_root: Path, run_key: str) -> bool:
    """Whether the ledger committed the run with this identifier."""
    if not ledger_path(out_root).is_file():
        return False
    with connect(out_root) as conn:  # read-write: adds run_key to a ledger from an earlier version
        return conn.execute("SELECT 1 FROM runs WHERE run_key = ?", (run_key,)).fetchone() is not None


# --------------------------------------------------------------------------- reading


def _decimal(text: str | None) -> Decimal | None:
    try:
        return None if text is None else Decimal(text)
    except InvalidOperation:
        return None


def _same_kind(text: str, period: Period) -> bool:
    return (len(text) == 4) == period.is_year


def load_figures(out_root: Path, before: Period | None = None, kind: Period | None = None) -> list[PeriodFigures]:
    """Every stored period of `kind`'s kind (months or years), oldest first, optionally only those `before`."""
    path = ledger_path(out_root)
    if not path.is_file():
        return []
    with connect(out_root, create=False) as conn:
        results = conn.execute("SELECT period, department, criterion, points, ratio FROM results").fetchall()
        statuses = conn.execute("SELECT period, department, status FROM departments").fetchall()
    reference = before or kind
    figures: dict[str, PeriodFigures] = {}
    for text, dept, code, points, ratio in results:
        try:
            p = Period.parse(text)
        except ValueError:
            continue
        if reference is not None and (not _same_kind(text, reference) or (before is not None and not p < before)):
            continue
        fig = figures.setdefault(text, PeriodFigures(period=p))
        fig.ratios.setdefault(dept, {})[code] = _decimal(ratio)
        fig.points.setdefault(dept, {})[code] = _decimal(points)
    for text, dept, status in statuses:
        if text in figures:
            figures[text].statuses[dept] = status
    return sorted(figures.values(), key=lambda f: (f.period.year, f.period.month or 0))


def _chronological(period: Period) -> tuple[int, int]:
    """A year's run (done after its December) sorts after the year's months; January of a year before it."""
    if period.is_year:
        return (period.year, 13)
    return (period.year, period.month or 0)


def load_trends(out_root: Path, period: Period) -> Trends:
    """The periods before `period` (same kind), for change figures and the trend sheet."""
    return Trends(history=load_figures(out_root, before=period))


def previous_ratios(out_root: Path, period: Period) -> tuple[Period, dict[str, dict[str, Decimal | None]]] | None:
    """The latest earlier period's ratios per department ("" = unit) and criterion, or None."""
    previous = load_trends(out_root, period).previous
    return (previous.period, previous.ratios) if previous else None


@dataclass
class HistoryTable:
    """For `dvht lich-su`: periods (oldest first) and rows keyed by (department, criterion)."""

    periods: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)          # department → name
    texts: dict[str, str] = field(default_factory=dict)          # criterion → text
    cells: dict[tuple[str, str], dict[str, tuple[Decimal | None, Decimal | None]]] = field(default_factory=dict)
    statuses: dict[tuple[str, str], str] = field(default_factory=dict)  # (department, period) → status


def history_table(out_root: Path, department: str | None = None) -> HistoryTable:
    """Every stored result, optionally of one department (case-insensitive code; "" = the unit)."""
    table = HistoryTable()
    if not ledger_path(out_root).is_file():
        return table
    with connect(out_root, create=False) as conn:
        rows = conn.execute("SELECT period, department, criterion, text, points, ratio FROM results "
                            "ORDER BY length(period), period").fetchall()
        depts = conn.execute("SELECT period, department, name, status FROM departments").fetchall()
        totals = conn.execute("SELECT period, total FROM runs ORDER BY id").fetchall()
    wanted = None if department is None else department.casefold()
    if wanted in (None, UNIT):  # the unit's total, as one more row (latest run of each period)
        rows += [(period, UNIT, TOTAL, "Tổng điểm", total, None) for period, total in dict(totals).items()
                 if total is not None and period in {r[0] for r in rows}]
    for period, dept, name, status in depts:
        if wanted is None or dept.casefold() == wanted:
            table.names[dept] = name or dept
            table.statuses[(dept, period)] = status
    for period, dept, code, text, points, ratio in rows:
        if wanted is not None and dept.casefold() != wanted:
            continue
        if period not in table.periods:
            table.periods.append(period)
        table.texts.setdefault(code, text or code)
        table.cells.setdefault((dept, code), {})[period] = (_decimal(ratio), _decimal(points))
    return table


# --------------------------------------------------------------------------- prefill and mail


def last_accepted(out_root: Path, before: Period | None = None) -> dict[str, Path]:
    """Department code → the archived copy of its last accepted workbook: of each period only what its
    latest run accepted (rows an earlier version kept from older runs are ignored), latest period wins."""
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


def seen_uids(out_root: Path, account: str, folder: str, uidvalidity: int) -> set[int]:
    with connect(out_root) as conn:
        return {uid for (uid,) in conn.execute(
            "SELECT uid FROM imap_seen WHERE account = ? AND folder = ? AND uidvalidity = ?",
            (account, folder, uidvalidity))}


def remember_uids(out_root: Path, account: str, folder: str, uidvalidity: int,
                  fetched: list[tuple[int, str | None]]) -> None:
    with connect(out_root) as conn, transaction(conn, ledger_path(out_root)):
        conn.executemany(
            "INSERT OR IGNORE INTO imap_seen(account, folder, uidvalidity, uid, fetched_at, saved_as) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(account, folder, uidvalidity, uid, _iso(datetime.now()), saved) for uid, saved in fetched])


__all__ = ["record_run", "outputs_of", "run_time", "has_run", "load_trends", "previous_ratios", "history_table", "last_accepted",
           "LedgerError", "LedgerLockedError", "UNIT"]
