"""Recording a run in the ledger (`ledger.schema`) and asking it about runs: the tables `runs`, `departments`,
`results`, `files` and `outputs` of one period are written here, in one transaction.

- `files`: every input file of the latest run of each period (hash, path, name, size, e-mail sender
  and date, department, period, status, errors; `first_seen` survives re-runs). A re-run of a period
  replaces its rows, so a file removed from the input folder is no longer listed; other periods' stay.
- `runs`, `departments`, `results`: each period's results per department (`schema.UNIT` = the whole unit)
  and criterion (points, count, denominator, ratio). Re-running a period replaces them (idempotent).
  `runs.run_key` is the run identifier also written in `ket_qua.json` and the documents' properties.
- `outputs`: what the latest run of each period wrote into OUT/<period>/ (path, sha256), so that the next
  run tells the clerk's edits and additions from its own files (`output.settle`). Replaced per period.

The COMMIT of `record_run` is the run's commit point (`output.period_swap`).
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from dvht_batch.ledger.archive import archive_inputs
from dvht_batch.ledger.schema import UNIT, connect, ledger_path, stored_text, stored_time, transaction
from dvht_batch.models import NO_RUN, FileRecord, RunContext, RunResult

ArchiveNames = dict[tuple[str, str], "str | None"]  # record.key → its name under luu_tru/ (`ledger.archive`)


def record_run(result: RunResult, out_root: Path, run: RunContext = NO_RUN,
               archived: ArchiveNames | None = None, outputs: dict[str, str] | None = None) -> Path:
    """Archive the inputs (unless `archived` by `archive_inputs` already), then store the run in one
    transaction; re-running a period replaces it. `outputs`: what the run wrote into OUT/<period>/ (relative
    path → sha256). The COMMIT is the run's commit point: the period's folder shows the run only after it.
    Returns the ledger path."""
    out_root = Path(out_root)
    if archived is None:
        archived = archive_inputs(result, out_root).names
    path = ledger_path(out_root)
    with connect(out_root) as conn, transaction(conn, path):
        run_row = _store_results(conn, result, run.run_id)
        _store_files(conn, result, run_row, archived)
        _store_outputs(conn, str(result.period), run.run_id or "", outputs or {})
    return path


def _store_outputs(conn: sqlite3.Connection, period: str, run_key: str, outputs: dict[str, str]) -> None:
    conn.execute("DELETE FROM outputs WHERE period = ?", (period,))
    conn.executemany("INSERT INTO outputs(period, path, sha256, run_key) VALUES (?, ?, ?, ?)",
                     [(period, rel, sha, run_key) for rel, sha in outputs.items()])


def _store_results(conn: sqlite3.Connection, result: RunResult, run_key: str | None) -> int:
    """The period's `runs`, `results` and `departments` rows, replacing earlier ones; the new `runs.id`."""
    period, now = str(result.period), stored_time(result.generated_at)  # the run's time, never a clock read here
    for table, column in (("results", "period"), ("departments", "period")):
        conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (period,))
    unit = result.unit
    run_row = conn.execute(
        "INSERT INTO runs(period, run_at, rule_set, unit_code, input_dir, members, total, classification, run_key) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (period, now, getattr(result.rule_set, "id", None), unit.code, str(result.input_dir), unit.counts.members,
         stored_text(unit.score.total), unit.score.classification, run_key)).lastrowid
    rows = [(UNIT, unit.score)] + [(d.code, d.score) for d in result.departments if d.score is not None]
    for dept, score in rows:
        conn.executemany(
            "INSERT INTO results(period, department, criterion, text, points, max_points, count, denominator, "
            "ratio, passed, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(period, dept, c.code, c.text, stored_text(c.points), stored_text(c.max_points), c.count,
              c.denominator, stored_text(c.ratio), None if c.passed is None else int(c.passed), run_row)
             for c in score.criteria])
    conn.executemany(
        "INSERT INTO departments(period, department, name, status, members, excluded, file_path, file_sha256, "
        "run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(period, d.code, d.name, d.status.value, d.counts.members if d.score else None,
          d.counts.excluded if d.score else None, d.file.path if d.file else None,
          d.file.sha256 if d.file else None, run_row) for d in result.departments]
        + [(period, UNIT, unit.name, "unit", unit.counts.members, unit.counts.excluded, None, None, run_row)])
    return run_row


def _store_files(conn: sqlite3.Connection, result: RunResult, run_row: int, archived: ArchiveNames) -> None:
    """The period's `files` rows: replaced, each keeping the time it was first seen in an earlier run."""
    period, now = str(result.period), stored_time(result.generated_at)
    first_seen = {(p, sha): seen for sha, p, seen in conn.execute(
        "SELECT sha256, path, first_seen FROM files WHERE run_period = ?", (period,))}
    conn.execute("DELETE FROM files WHERE run_period = ?", (period,))
    conn.executemany(
        "INSERT INTO files(run_period, sha256, path, name, size, sender, sent_at, modified, kind, department, "
        "period, status, error_count, errors, archive, first_seen, last_seen, run_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(run_period, sha256, path) DO UPDATE SET status = excluded.status, "
        "error_count = excluded.error_count, errors = excluded.errors, kind = excluded.kind, "
        "department = excluded.department, period = excluded.period, sender = excluded.sender, "
        "sent_at = excluded.sent_at, modified = excluded.modified, "
        "archive = COALESCE(excluded.archive, files.archive), last_seen = excluded.last_seen, "
        "run_id = excluded.run_id",
        [(period, *_file_row(r), archived.get(r.key), first_seen.get(r.key, now), now, run_row)
         for r in result.files])


def _file_row(r: FileRecord) -> tuple:
    """sha256 … errors of one `files` row."""
    return (r.sha256 or "", r.path, r.path.rsplit("#", 1)[-1].rsplit("/", 1)[-1], r.size, r.sender,
            stored_time(r.modified) if r.sender is not None else None, stored_time(r.modified), r.kind.value,
            r.department, str(r.period) if r.period else None, r.status.value, len(r.errors),
            json.dumps([{"cell": f.location, "message": f.message} for f in r.errors], ensure_ascii=False))


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


@dataclass(frozen=True)
class RecordedRun:
    """A period's latest run as the ledger's `runs` keeps it (texts as stored: `total` exact, `run_at` ISO)."""

    period: str
    run_at: str
    members: int | None
    total: str | None
    classification: str | None
    input_dir: str | None


def latest_runs(out_root: Path) -> dict[str, RecordedRun]:
    """Period (as stored: '2025-11', '2025') → its latest run, in the order periods were first recorded."""
    if not ledger_path(out_root).is_file():
        return {}
    with connect(out_root, create=False) as conn:
        rows = conn.execute("SELECT period, run_at, members, total, classification, input_dir FROM runs "
                            "ORDER BY id").fetchall()
    return {row[0]: RecordedRun(*row) for row in rows}  # a later run of a period replaces an earlier one


__all__ = ["record_run", "outputs_of", "run_time", "has_run", "latest_runs", "RecordedRun", "ArchiveNames"]
